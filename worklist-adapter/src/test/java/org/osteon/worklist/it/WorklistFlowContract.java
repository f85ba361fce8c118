package org.osteon.worklist.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osteon.events.DeadLetter;
import org.osteon.events.RadiographReceived;
import org.osteon.events.Triage;
import org.osteon.events.TriageDecision;
import org.osteon.events.WorklistPriority;
import org.osteon.events.WorklistPriorityChanged;
import org.osteon.schemas.key.StudyKeys;
import org.osteon.schemas.topic.Topics;
import org.osteon.worklist.it.TestEvents.Study;
import org.osteon.worklist.viewer.OrthancStudyId;

/**
 * The adapter end to end against a real broker and a real PostgreSQL. The assertions live here once;
 * {@link WorklistFlowIT} runs them on the in-JVM broker and embedded PostgreSQL, and
 * {@link WorklistFlowContainersIT} on containers where a Docker engine exists.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class WorklistFlowContract {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "osteon.worklist.max-attempts")
    int maxAttempts;

    @ConfigProperty(name = "osteon.worklist.retry-backoff")
    Duration retryBackoff;

    @Inject
    StudyKeys studyKeys;

    @TestHTTPResource("/api/worklist/events")
    URI eventsUri;

    private KafkaIO kafka;

    @BeforeEach
    void openKafka() {
        kafka = new KafkaIO(bootstrapServers);
        TestUsers.READER.signIn();
    }

    @AfterEach
    void closeKafka() {
        kafka.close();
        TestUsers.signOut();
    }

    @Test
    void shouldEscalateAStudyWhoseDecisionFollowsTheReceivedImage() throws Exception {
        Study study = Study.random();
        String key = studyKeys.studyKey(study.uid());
        Instant receivedAt = Instant.now().minusMillis(1500);

        kafka.send(Topics.PHI_RADIOGRAPH_RECEIVED, study.uid(), TestEvents.received(study, receivedAt));
        Eventually.within(
                WAIT,
                () -> given().get("/api/worklist/" + key)
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("awaiting triage"))
                        .body("priority", equalTo("ROUTINE"))
                        .body("accessionNumber", equalTo(study.accession())));
        kafka.send(Topics.TRIAGE_DECISION, key, TestEvents.decision(key, Triage.ESCALATE, receivedAt));

        Eventually.within(
                WAIT,
                () -> given().get("/api/worklist/" + key)
                        .then()
                        .statusCode(200)
                        .body("priority", equalTo("URGENT"))
                        .body("prioritySource", equalTo("MODEL"))
                        .body("decision", equalTo("ESCALATE"))
                        .body("reason", equalTo("ESCALATE because the test says so"))
                        .body("patientName", equalTo(study.patientName()))
                        .body("modality", equalTo("DX"))
                        .body("modelVersion", equalTo("test-model-1"))
                        .body("status", equalTo("triaged")));

        ConsumerRecord<String, byte[]> record = kafka.await(
                        Topics.WORKLIST_PRIORITY_CHANGED, r -> key.equals(r.key()), 1, WAIT)
                .get(0);
        WorklistPriorityChanged changed = Topics.WORKLIST_PRIORITY_CHANGED
                .valueSerde()
                .deserializer()
                .deserialize(record.topic(), record.value());
        assertThat(changed.getPreviousPriority()).isEqualTo(WorklistPriority.ROUTINE);
        assertThat(changed.getNewPriority()).isEqualTo(WorklistPriority.URGENT);
        assertThat(changed.getDecision()).isEqualTo(Triage.ESCALATE);
        assertThat(changed.getReceivedAt()).isEqualTo(receivedAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(changed.getLatencyMillis())
                .isEqualTo(changed.getChangedAt().toEpochMilli()
                        - changed.getReceivedAt().toEpochMilli())
                .isGreaterThanOrEqualTo(1500);
        assertThat(changed.getProvenance()).contains("NOT FOR CLINICAL USE");
        assertNoPhi(record, study);
    }

    @Test
    void shouldEscalateAStudyWhoseDecisionArrivesBeforeTheReceivedImage() throws Exception {
        Study study = Study.random();
        String key = studyKeys.studyKey(study.uid());
        Instant receivedAt = Instant.now();

        kafka.send(Topics.TRIAGE_DECISION, key, TestEvents.decision(key, Triage.ESCALATE, receivedAt));
        Eventually.within(
                WAIT,
                () -> given().get("/api/worklist/" + key)
                        .then()
                        .statusCode(200)
                        .body("priority", equalTo("URGENT"))
                        .body("accessionNumber", equalTo(null)));
        kafka.send(Topics.PHI_RADIOGRAPH_RECEIVED, study.uid(), TestEvents.received(study, receivedAt));

        Eventually.within(
                WAIT,
                () -> given().get("/api/worklist/" + key)
                        .then()
                        .statusCode(200)
                        .body("priority", equalTo("URGENT"))
                        .body("decision", equalTo("ESCALATE"))
                        .body("reason", equalTo("ESCALATE because the test says so"))
                        .body("accessionNumber", equalTo(study.accession()))
                        .body("patientName", equalTo(study.patientName())));
        List<String> urgentFirst = given().get("/api/worklist")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("priority");
        assertThat(urgentFirst)
                .isSortedAccordingTo((a, b) -> Integer.compare(
                        WorklistPriority.valueOf(b).ordinal(),
                        WorklistPriority.valueOf(a).ordinal()));
    }

    @Test
    void shouldPushTheChangedRowToOpenPages() throws Exception {
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<Stream<String>>> response = client.sendAsync(
                HttpRequest.newBuilder(eventsUri)
                        .header("Accept", "text/event-stream")
                        .header("Authorization", TestUsers.READER.authorization())
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        CompletableFuture<Void> reader = response.thenAcceptAsync(r -> r.body().forEach(lines::add));
        try {
            awaitLine(lines, line -> line.equals("data:connected") || line.equals("data: connected"));
            Study study = Study.random();
            String key = studyKeys.studyKey(study.uid());
            kafka.send(Topics.PHI_RADIOGRAPH_RECEIVED, study.uid(), TestEvents.received(study, Instant.now()));
            kafka.send(Topics.TRIAGE_DECISION, key, TestEvents.decision(key, Triage.ESCALATE, Instant.now()));

            ObjectMapper json = new ObjectMapper();
            awaitLine(lines, line -> {
                if (!line.startsWith("data:") || !line.contains(key)) {
                    return false;
                }
                try {
                    JsonNode row = json.readTree(line.substring("data:".length()));
                    return row.get("priority").asText().equals("URGENT")
                            && row.get("accessionNumber").asText().equals(study.accession())
                            && row.path("pacsViewerUrl").asText().contains("study=" + study.uid() + "&");
                } catch (Exception e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
            });
        } finally {
            reader.cancel(true);
            response.cancel(true);
        }
    }

    @Test
    void shouldNeverLowerAPriorityAPersonSet() throws Exception {
        Study study = Study.random();
        String key = studyKeys.studyKey(study.uid());
        kafka.send(Topics.PHI_RADIOGRAPH_RECEIVED, study.uid(), TestEvents.received(study, Instant.now()));
        Eventually.within(WAIT, () -> given().get("/api/worklist/" + key).then().statusCode(200));

        given().contentType(ContentType.JSON)
                .body(Map.of("priority", "STAT"))
                .put("/api/worklist/" + key + "/priority")
                .then()
                .statusCode(200)
                .body("priority", equalTo("STAT"))
                .body("prioritySource", equalTo("HUMAN"));
        kafka.send(Topics.TRIAGE_DECISION, key, TestEvents.decision(key, Triage.ROUTINE, Instant.now()));
        kafka.send(Topics.TRIAGE_DECISION, key, TestEvents.decision(key, Triage.ESCALATE, Instant.now()));

        Eventually.within(
                WAIT,
                () -> given().get("/api/worklist/" + key).then().statusCode(200).body("decision", equalTo("ESCALATE")));
        given().get("/api/worklist/" + key)
                .then()
                .body("priority", equalTo("STAT"))
                .body("prioritySource", equalTo("HUMAN"));
        List<WorklistPriorityChanged> events =
                kafka.await(Topics.WORKLIST_PRIORITY_CHANGED, r -> key.equals(r.key()), 2, WAIT).stream()
                        .map(r -> Topics.WORKLIST_PRIORITY_CHANGED
                                .valueSerde()
                                .deserializer()
                                .deserialize(r.topic(), r.value()))
                        .toList();
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getPreviousPriority()).isEqualTo(WorklistPriority.STAT);
            assertThat(e.getNewPriority()).isEqualTo(WorklistPriority.STAT);
            assertThat(e.getReason()).contains("set by a person");
        });
    }

    @Test
    void shouldRejectABadPriorityRequest() {
        given().contentType(ContentType.JSON)
                .body(Map.of("priority", "STAT"))
                .put("/api/worklist/no-such-study/priority")
                .then()
                .statusCode(404);
        given().contentType(ContentType.JSON)
                .body(Map.of())
                .put("/api/worklist/no-such-study/priority")
                .then()
                .statusCode(400);
        given().contentType(ContentType.JSON)
                .body(Map.of("priority", "SOON"))
                .put("/api/worklist/no-such-study/priority")
                .then()
                .statusCode(400);
    }

    @Test
    void shouldDeadLetterAnUndecodableRecordAndKeepConsuming() throws Exception {
        String garbageKey = "garbage-" + UUID.randomUUID();
        byte[] garbage = "this is not avro".getBytes(StandardCharsets.UTF_8);
        kafka.sendBytes(Topics.TRIAGE_DECISION, garbageKey, garbage);

        ConsumerRecord<String, byte[]> record = kafka.await(
                        Topics.PHI_DEAD_LETTER, r -> garbageKey.equals(r.key()), 1, WAIT)
                .get(0);
        DeadLetter letter =
                Topics.PHI_DEAD_LETTER.valueSerde().deserializer().deserialize(record.topic(), record.value());
        assertThat(letter.getStage()).isEqualTo("worklist");
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.TRIAGE_DECISION.name());
        assertThat(letter.getSourceOffset()).isNotNull();
        assertThat(letter.getErrorType()).isEqualTo("UNDECODABLE_RECORD");
        assertThat(letter.getReason()).contains("TriageDecision");
        byte[] payload = new byte[letter.getPayload().remaining()];
        letter.getPayload().get(payload);
        assertThat(payload).isEqualTo(garbage);

        // The same partition (same key) still flows after the bad record.
        String key = garbageKey;
        kafka.send(Topics.TRIAGE_DECISION, key, TestEvents.decision(key, Triage.REVIEW, Instant.now()));
        Eventually.within(
                WAIT,
                () -> given().get("/api/worklist/" + key)
                        .then()
                        .statusCode(200)
                        .body("needsReview", equalTo(true))
                        .body("priority", equalTo("ROUTINE")));
    }

    @Test
    void shouldDeadLetterARecordThatKeepsFailingAndMoveItsPartitionOn() throws Exception {
        Study study = Study.random();
        String key = studyKeys.studyKey(study.uid());
        // PostgreSQL refuses a NUL character in text: this record fails in the store on every attempt
        // while the database itself answers.
        RadiographReceived poison = RadiographReceived.newBuilder(TestEvents.received(study, Instant.now()))
                .setPatientName("Doe^\u0000Jane")
                .build();
        byte[] poisonBytes = Topics.PHI_RADIOGRAPH_RECEIVED
                .valueSerde()
                .serializer()
                .serialize(Topics.PHI_RADIOGRAPH_RECEIVED.name(), poison);
        kafka.sendBytes(Topics.PHI_RADIOGRAPH_RECEIVED, study.uid(), poisonBytes);
        kafka.send(Topics.PHI_RADIOGRAPH_RECEIVED, study.uid(), TestEvents.received(study, Instant.now()));

        // The valid record behind it on the same partition (same key) reaches the worklist.
        Eventually.within(
                WAIT.plus(retryBackoff.multipliedBy(maxAttempts)),
                () -> given().get("/api/worklist/" + key)
                        .then()
                        .statusCode(200)
                        .body("accessionNumber", equalTo(study.accession()))
                        .body("patientName", equalTo(study.patientName())));

        ConsumerRecord<String, byte[]> record = kafka.await(
                        Topics.PHI_DEAD_LETTER, r -> study.uid().equals(r.key()), 1, WAIT)
                .get(0);
        DeadLetter letter =
                Topics.PHI_DEAD_LETTER.valueSerde().deserializer().deserialize(record.topic(), record.value());
        assertThat(letter.getStage()).isEqualTo("worklist");
        assertThat(letter.getErrorType()).isEqualTo("ATTEMPTS_EXHAUSTED");
        assertThat(letter.getReason()).startsWith("failed " + maxAttempts + " times in a row");
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.PHI_RADIOGRAPH_RECEIVED.name());
        assertThat(letter.getSourcePartition()).isNotNull();
        assertThat(letter.getSourceOffset()).isNotNull();
        byte[] payload = new byte[letter.getPayload().remaining()];
        letter.getPayload().get(payload);
        assertThat(payload).isEqualTo(poisonBytes);
        // Exactly one: the record behind it was handled, so the loop was done with this one.
        assertThatThrownBy(() ->
                        kafka.await(Topics.PHI_DEAD_LETTER, r -> study.uid().equals(r.key()), 2, Duration.ofSeconds(3)))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void shouldApplyARedeliveredDecisionOnlyOnce() throws Exception {
        String key = "redelivered-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        var decision = TestEvents.decision(eventId, key, Triage.ESCALATE, Instant.now());
        kafka.send(Topics.TRIAGE_DECISION, key, decision);
        kafka.send(Topics.TRIAGE_DECISION, key, decision);

        List<WorklistPriorityChanged> events =
                kafka.await(Topics.WORKLIST_PRIORITY_CHANGED, r -> key.equals(r.key()), 2, WAIT).stream()
                        .map(r -> Topics.WORKLIST_PRIORITY_CHANGED
                                .valueSerde()
                                .deserializer()
                                .deserialize(r.topic(), r.value()))
                        .toList();
        // The second delivery republishes what the first committed instead of applying it again.
        assertThat(events.get(1)).isEqualTo(events.get(0));
        assertThat(events.get(0).getPreviousPriority()).isEqualTo(WorklistPriority.ROUTINE);
    }

    @Test
    void shouldNotAlertOrWriteBackAgainWhenAnImageIsResent() throws Exception {
        // A modality that lost an acknowledgement sends the image again: it comes back through every
        // stage as a new decision event for the same instance.
        String key = "resent-" + UUID.randomUUID();
        var first = TestEvents.decision(key, Triage.ESCALATE, Instant.now());
        var again = TriageDecision.newBuilder(first)
                .setEventId(UUID.randomUUID().toString())
                .setDecidedAt(Instant.now())
                .build();
        kafka.send(Topics.TRIAGE_DECISION, key, first);
        kafka.send(Topics.TRIAGE_DECISION, key, again);

        List<WorklistPriorityChanged> events =
                kafka.await(Topics.WORKLIST_PRIORITY_CHANGED, r -> key.equals(r.key()), 2, WAIT).stream()
                        .map(r -> Topics.WORKLIST_PRIORITY_CHANGED
                                .valueSerde()
                                .deserializer()
                                .deserialize(r.topic(), r.value()))
                        .toList();
        assertThat(events.get(1))
                .as("the re-sent image republishes the first outcome")
                .isEqualTo(events.get(0));
        assertThat(kafka.await(Topics.PHI_WORKLIST_ALERT, r -> key.equals(r.key()), 1, WAIT))
                .hasSize(1);
        // Both outcomes are out, so a second alert would already be on the topic.
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        kafka.await(Topics.PHI_WORKLIST_ALERT, r -> key.equals(r.key()), 2, Duration.ofSeconds(3)))
                .isInstanceOf(AssertionError.class);
        given().get("/api/worklist/" + key + "/audit")
                .then()
                .statusCode(200)
                .body("findAll { it.action == 'PRIORITY_CHANGED' }.size()", equalTo(1));
    }

    @Test
    void shouldReportStatsInTheShapeTheLauncherParses() throws Exception {
        JsonPath before =
                given().get("/api/stats").then().statusCode(200).extract().jsonPath();
        Study escalated = Study.random();
        Study notScored = Study.random();
        String escalatedKey = studyKeys.studyKey(escalated.uid());
        String notScoredKey = studyKeys.studyKey(notScored.uid());
        Instant longAgo = Instant.now().minusMillis(4000);
        kafka.send(Topics.PHI_RADIOGRAPH_RECEIVED, escalated.uid(), TestEvents.received(escalated, longAgo));
        kafka.send(Topics.PHI_RADIOGRAPH_RECEIVED, notScored.uid(), TestEvents.received(notScored, Instant.now()));
        kafka.send(Topics.TRIAGE_DECISION, escalatedKey, TestEvents.decision(escalatedKey, Triage.ESCALATE, longAgo));
        kafka.send(
                Topics.TRIAGE_DECISION,
                notScoredKey,
                TestEvents.decision(notScoredKey, Triage.NOT_SCORED, Instant.now()));
        Eventually.within(WAIT, () -> {
            given().get("/api/worklist/" + escalatedKey)
                    .then()
                    .body("decision", equalTo("ESCALATE"))
                    .body("accessionNumber", equalTo(escalated.accession()));
            given().get("/api/worklist/" + notScoredKey)
                    .then()
                    .body("decision", equalTo("NOT_SCORED"))
                    .body("reason", equalTo("NOT_SCORED because the test says so"))
                    .body("accessionNumber", equalTo(notScored.accession()));
        });

        Map<String, Object> after = given().get("/api/stats")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
        assertThat(after).containsOnlyKeys("studies", "outcomes", "by_decision", "latency_ms");
        JsonPath now = given().get("/api/stats").then().extract().jsonPath();
        assertThat(now.getLong("studies") - before.getLong("studies")).isEqualTo(2);
        assertThat(now.getLong("outcomes") - before.getLong("outcomes")).isEqualTo(2);
        assertThat(now.getMap("by_decision")).containsOnlyKeys("ESCALATE", "REVIEW", "ROUTINE", "NOT_SCORED");
        assertThat(now.getLong("by_decision.ESCALATE") - before.getLong("by_decision.ESCALATE"))
                .isEqualTo(1);
        assertThat(now.getLong("by_decision.NOT_SCORED") - before.getLong("by_decision.NOT_SCORED"))
                .isEqualTo(1);
        assertThat(now.getLong("by_decision.ROUTINE")).isEqualTo(before.getLong("by_decision.ROUTINE"));
        assertThat(now.getMap("latency_ms")).containsOnlyKeys("p50", "p99", "max");
        long p50 = now.getLong("latency_ms.p50");
        long p99 = now.getLong("latency_ms.p99");
        long max = now.getLong("latency_ms.max");
        assertThat(max).isGreaterThanOrEqualTo(4000).isLessThan(WAIT.toMillis() + 4000);
        assertThat(p50).isBetween(0L, p99);
        assertThat(p99).isLessThanOrEqualTo(max);
    }

    @Test
    void shouldLinkTheRowToItsStudyInThePacsViewerWithEveryValueEncoded() throws Exception {
        // A hostile Patient ID and accession: each must stay inside its own URL component.
        String n = Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()) % 1_000_000_000L);
        Study study = new Study(
                "1.2.826.0.1.3680043.9." + n, "ACC" + n + "&x=1", "Müller^Jürgen=山田^太郎", "../" + n + "?a=b#c d");
        String key = studyKeys.studyKey(study.uid());
        kafka.send(Topics.PHI_RADIOGRAPH_RECEIVED, study.uid(), TestEvents.received(study, Instant.now()));

        String expected = "https://pacs.test/viewer/..%2F" + n + "%3Fa%3Db%23c%20d?study=" + study.uid() + "&acc=ACC"
                + n + "%26x%3D1&orthanc=" + OrthancStudyId.of(study.patientId(), study.uid());
        Eventually.within(
                WAIT,
                () -> given().get("/api/worklist/" + key)
                        .then()
                        .statusCode(200)
                        .body("pacsViewerUrl", equalTo(expected))
                        .body("patientName", equalTo(study.patientName())));
        // The page gets the link only, not the identifiers it was built from.
        String one = given().get("/api/worklist/" + key).then().extract().asString();
        JsonNode row = new ObjectMapper().readTree(one);
        assertThat(row.has("identifiers")).isFalse();
        assertThat(row.has("studyInstanceUid")).isFalse();
        assertThat(row.has("patientId")).isFalse();
        List<Map<String, Object>> rows = given().get("/api/worklist")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertThat(rows)
                .filteredOn(r -> key.equals(r.get("studyKey")))
                .singleElement()
                .satisfies(r -> assertThat(r.get("pacsViewerUrl")).isEqualTo(expected));
        // A row changed by a person is answered (and pushed) with its link too.
        given().contentType(ContentType.JSON)
                .body(Map.of("priority", "STAT"))
                .put("/api/worklist/" + key + "/priority")
                .then()
                .statusCode(200)
                .body("pacsViewerUrl", equalTo(expected));
    }

    @Test
    void shouldHideTheDevelopmentRisSinkUnlessEnabled() {
        given().get("/api/dev/ris-sink").then().statusCode(404);
    }

    @Test
    void shouldServeTheWorklistPageWithItsBanner() {
        given().get("/")
                .then()
                .statusCode(200)
                .body(containsString("Research prototype — NOT FOR CLINICAL USE"))
                .body(containsString("worklist.js"));
        given().get("/worklist.js")
                .then()
                .statusCode(200)
                .body(containsString("api/worklist/events"))
                .body(containsString("reviewDueAt"));
        given().get("/").then().body(containsString("Review lane"));
    }

    private static void assertNoPhi(ConsumerRecord<String, byte[]> record, Study study) {
        String value = new String(record.value(), StandardCharsets.UTF_8);
        for (String phi : List.of(study.uid(), study.accession(), study.patientName(), study.patientId(), "Doe^Jane")) {
            assertThat(value).as("WorklistPriorityChanged value bytes").doesNotContain(phi);
            assertThat(record.key()).doesNotContain(phi);
        }
    }

    private static void awaitLine(LinkedBlockingQueue<String> lines, java.util.function.Predicate<String> match)
            throws InterruptedException {
        SseLines.await(lines, match, WAIT);
    }
}
