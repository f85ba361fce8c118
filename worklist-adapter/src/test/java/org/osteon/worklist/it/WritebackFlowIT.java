package org.osteon.worklist.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import ca.uhn.hl7v2.util.Terser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osteon.events.DeadLetter;
import org.osteon.events.Triage;
import org.osteon.events.WorklistAlert;
import org.osteon.events.WorklistPriority;
import org.osteon.schemas.key.StudyKeys;
import org.osteon.schemas.topic.Topics;
import org.osteon.worklist.alerts.WebhookSignature;
import org.osteon.worklist.it.TestEvents.Study;
import org.osteon.worklist.peers.Hl7Receiver;
import org.osteon.worklist.peers.RecordingHttpServer.Request;
import org.osteon.worklist.peers.TestItems;
import org.osteon.worklist.store.OutboxItem;
import org.osteon.worklist.store.WebhookSecrets;
import org.osteon.worklist.writeback.Delivery;
import org.osteon.worklist.writeback.hl7.Hl7TargetIT;

/**
 * Policy, audit trail, write-back and alerts through the running adapter: a real broker, a real
 * PostgreSQL, and real peers (a HAPI MLLP receiver, FHIR, UPS-RS and webhook endpoints) in the test.
 */
@QuarkusTest
@QuarkusTestResource(value = WorklistTestResources.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RisPeers.class, restrictToAnnotatedClass = true)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WritebackFlowIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    StudyKeys studyKeys;

    @Inject
    AgroalDataSource dataSource;

    private KafkaIO kafka;

    @BeforeEach
    void openKafka() {
        kafka = new KafkaIO(bootstrapServers);
        RisPeers.hl7.answer("AA");
        TestUsers.ADMIN.signIn();
    }

    @AfterEach
    void closeKafka() {
        kafka.close();
        TestUsers.signOut();
    }

    private String receive(Study study, Instant receivedAt) throws Exception {
        String key = studyKeys.studyKey(study.uid());
        kafka.send(Topics.PHI_RADIOGRAPH_RECEIVED, study.uid(), TestEvents.received(study, receivedAt));
        return key;
    }

    private void decide(String key, Triage triage) throws Exception {
        kafka.send(Topics.TRIAGE_DECISION, key, TestEvents.decision(key, triage, Instant.now()));
    }

    private static List<String> statuses(String key) {
        return given().get("/api/worklist/" + key + "/writeback")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("status");
    }

    private static List<Request> fhirFor(String accession) {
        return RisPeers.fhir.requests().stream()
                .filter(r -> URLDecoder.decode(r.uri(), StandardCharsets.UTF_8).endsWith("|" + accession))
                .toList();
    }

    @Test
    void shouldWriteAnEscalationBackToTheRisOverHl7FhirAndUpsAndAuditIt() throws Exception {
        Study study = Study.random();
        String key = receive(study, Instant.now());
        decide(key, Triage.ESCALATE);

        Eventually.within(WAIT, () -> assertThat(statuses(key)).containsExactly("ACKED", "ACKED", "ACKED"));
        List<Terser> hl7 = RisPeers.hl7.forAccession(study.accession());
        assertThat(hl7).hasSize(1);
        assertThat(hl7.get(0).get("/ORDER/TIMING/TQ1-9-1")).isEqualTo("A");
        assertThat(hl7.get(0).get("/ORDER/ORC-7-6")).isEqualTo("A");
        assertThat(hl7.get(0).get("/ORDER/OBR-27-6")).isEqualTo("A");
        assertThat(hl7.get(0).get("/PATIENT/PID-3-1")).isEqualTo(study.patientId());
        assertThat(fhirFor(study.accession())).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("PATCH");
            assertThat(r.bodyText()).contains("\"valueCode\":\"urgent\"");
        });
        assertThat(RisPeers.ups.requests()).anySatisfy(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.uri()).contains("AccessionNumber=" + study.accession());
        });

        List<Map<String, Object>> audit = given().get("/api/worklist/" + key + "/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("");
        assertThat(audit.get(0))
                .containsEntry("action", "PRIORITY_CHANGED")
                .containsEntry("source", "MODEL")
                .containsEntry("previousPriority", "ROUTINE")
                .containsEntry("newPriority", "URGENT")
                .containsEntry("changedBy", "model test-model-1");
        assertThat(audit.get(0).get("reason").toString()).contains("ESCALATE");
        assertThat(audit)
                .filteredOn(e -> "WRITEBACK_ACKNOWLEDGED".equals(e.get("action")))
                .extracting(e -> e.get("changedBy"))
                .containsExactlyInAnyOrder("hl7", "fhir", "ups");
    }

    @Test
    void shouldHoldTheWritebackUntilTheAccessionNumberArrives() throws Exception {
        Study study = Study.random();
        String key = studyKeys.studyKey(study.uid());
        decide(key, Triage.ESCALATE);
        Eventually.within(WAIT, () -> given().get("/api/worklist/" + key).then().body("priority", equalTo("URGENT")));
        Thread.sleep(500);
        assertThat(statuses(key)).containsOnly("PENDING");

        receive(study, Instant.now());

        Eventually.within(WAIT, () -> assertThat(statuses(key)).containsOnly("ACKED"));
        assertThat(RisPeers.hl7.forAccession(study.accession())).hasSize(1);
    }

    @Test
    void shouldSendARedeliveredDecisionToTheRisOnlyOnce() throws Exception {
        Study study = Study.random();
        String key = receive(study, Instant.now());
        var decision = TestEvents.decision(key, Triage.ESCALATE, Instant.now());
        kafka.send(Topics.TRIAGE_DECISION, key, decision);
        kafka.send(Topics.TRIAGE_DECISION, key, decision);

        Eventually.within(WAIT, () -> assertThat(statuses(key)).containsExactly("ACKED", "ACKED", "ACKED"));
        Thread.sleep(500);
        assertThat(RisPeers.hl7.forAccession(study.accession())).hasSize(1);
        assertThat(statuses(key)).hasSize(3);
    }

    @Test
    void shouldRetryARisOutageUntilItAcknowledges() throws Exception {
        Study study = new Study(
                Study.random().uid(), "ACC-" + RisPeers.FLAKY + "-" + System.nanoTime(), "Doe^Flaky", "PID-FLAKY");
        String key = receive(study, Instant.now());
        decide(key, Triage.ESCALATE);

        Eventually.within(WAIT, () -> assertThat(statuses(key)).containsOnly("ACKED"));
        assertThat(fhirFor(study.accession())).hasSize(3);
        List<Map<String, Object>> rows = given().get("/api/worklist/" + key + "/writeback")
                .then()
                .extract()
                .jsonPath()
                .getList("");
        assertThat(rows)
                .filteredOn(r -> "fhir".equals(r.get("target")))
                .singleElement()
                .satisfies(r -> assertThat((Integer) r.get("attempts")).isEqualTo(3));
    }

    @Test
    void shouldDeadLetterAChangeTheRisRejects() throws Exception {
        RisPeers.hl7.answer("AR");
        Study study = Study.random();
        String key = receive(study, Instant.now());
        decide(key, Triage.ESCALATE);

        ConsumerRecord<String, byte[]> record = kafka.await(Topics.PHI_DEAD_LETTER, r -> key.equals(r.key()), 1, WAIT)
                .get(0);
        DeadLetter letter =
                Topics.PHI_DEAD_LETTER.valueSerde().deserializer().deserialize(record.topic(), record.value());
        assertThat(letter.getStage()).isEqualTo("worklist-writeback");
        assertThat(letter.getErrorType()).isEqualTo("WRITEBACK_REJECTED");
        assertThat(letter.getReason()).startsWith("hl7: MSA-1 AR");
        byte[] payload = new byte[letter.getPayload().remaining()];
        letter.getPayload().get(payload);
        assertThat(new String(payload, StandardCharsets.UTF_8))
                .contains("OMI^O23")
                .contains(study.accession());
        Eventually.within(
                WAIT,
                () -> given().get("/api/worklist/" + key + "/audit")
                        .then()
                        .body("action", hasItem("WRITEBACK_DEAD_LETTERED")));
        assertThat(given().get("/api/worklist/" + key + "/writeback")
                        .then()
                        .extract()
                        .jsonPath()
                        .getString("find { it.target == 'hl7' }.status"))
                .isEqualTo("DEAD");
    }

    @Test
    void shouldPromoteAStudyThatWaitedPastTheCapOnceAndWriteItBack() throws Exception {
        Study study = Study.random();
        String key = receive(study, Instant.now().minus(Duration.ofHours(1)));
        decide(key, Triage.ROUTINE);

        Eventually.within(
                WAIT,
                () -> given().get("/api/worklist/" + key)
                        .then()
                        .body("priority", equalTo("URGENT"))
                        .body("prioritySource", equalTo("WAIT_CAP")));
        Eventually.within(
                WAIT,
                () -> assertThat(RisPeers.hl7.forAccession(study.accession())).hasSize(1));
        given().get("/api/worklist/" + key + "/audit")
                .then()
                .body("find { it.source == 'WAIT_CAP' }.newPriority", equalTo("URGENT"))
                .body("find { it.source == 'WAIT_CAP' }.changedBy", equalTo("wait-time cap PT30M"));

        // A person lowers it again: the cap promotes each study once and never overrules the person.
        given().contentType(ContentType.JSON)
                .body(Map.of("priority", "ROUTINE"))
                .put("/api/worklist/" + key + "/priority")
                .then()
                .statusCode(200);
        Thread.sleep(1000);
        given().get("/api/worklist/" + key)
                .then()
                .body("priority", equalTo("ROUTINE"))
                .body("prioritySource", equalTo("HUMAN"));
    }

    @Test
    void shouldKeepTheReviewLaneWithItsDeadlineAndPromoteAnOverdueStudy() throws Exception {
        Study reviewed = Study.random();
        Study overdue = Study.random();
        String reviewedKey = receive(reviewed, Instant.now());
        String overdueKey = receive(overdue, Instant.now());
        decide(reviewedKey, Triage.REVIEW);
        decide(overdueKey, Triage.REVIEW);
        Eventually.within(
                WAIT,
                () -> given().get("/api/worklist/review")
                        .then()
                        .statusCode(200)
                        .body("studyKey", hasItem(reviewedKey))
                        .body("studyKey", hasItem(overdueKey)));
        String due = given().get("/api/worklist/" + reviewedKey)
                .then()
                .extract()
                .jsonPath()
                .getString("reviewDueAt");
        assertThat(Instant.parse(due)).isBetween(Instant.now(), Instant.now().plusSeconds(4));

        given().contentType(ContentType.JSON)
                .body(Map.of("note", "benign"))
                .post("/api/worklist/" + reviewedKey + "/review")
                .then()
                .statusCode(200)
                .body("needsReview", equalTo(false))
                .body("reviewedBy", equalTo(TestUsers.ADMIN.name));
        given().get("/api/worklist/review").then().body("studyKey", not(hasItem(reviewedKey)));

        // The review deadline is 3 s here: the unreviewed study is promoted when it passes.
        Eventually.within(
                WAIT,
                () -> given().get("/api/worklist/" + overdueKey)
                        .then()
                        .body("priority", equalTo("URGENT"))
                        .body("prioritySource", equalTo("WAIT_CAP"))
                        .body("needsReview", equalTo(true)));
        given().get("/api/worklist/" + reviewedKey + "/audit")
                .then()
                .body("action", hasItem("REVIEW_FLAGGED"))
                .body("action", hasItem("REVIEWED"));
    }

    @Test
    void shouldKeepTheAuditTrailAppendOnly() throws Exception {
        Study study = Study.random();
        String key = receive(study, Instant.now());
        decide(key, Triage.ESCALATE);
        Eventually.within(
                WAIT,
                () -> given().get("/api/worklist/" + key + "/audit")
                        .then()
                        .body("action", hasItem("PRIORITY_CHANGED")));

        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate(
                            "UPDATE audit_trail SET reason = 'rewritten' WHERE study_key = '" + key + "'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM audit_trail"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
        }
    }

    @Test
    void shouldAlertSignedWebhooksWithRetriesAndThePhiTopic() throws Exception {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of(
                        "kind",
                        "webhook",
                        "url",
                        RisPeers.webhook.baseUrl() + "/hook",
                        "secret",
                        RisPeers.WEBHOOK_SECRET))
                .post("/api/alerts/subscriptions")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("id");
        given().get("/api/alerts/subscriptions")
                .then()
                .body("id", hasItem(id))
                .body("secret", not(hasItem(RisPeers.WEBHOOK_SECRET)));
        Study study = Study.random();
        String key = receive(study, Instant.now());
        Eventually.within(WAIT, () -> given().get("/api/worklist/" + key).then().statusCode(200));
        decide(key, Triage.ESCALATE);

        // The receiver fails twice, then accepts only a valid signature: one 204 means signed and retried.
        Eventually.within(
                WAIT,
                () -> assertThat(given().get("/api/worklist/" + key + "/writeback")
                                .then()
                                .extract()
                                .jsonPath()
                                .getString("find { it.target == 'webhook:" + id + "' }.status"))
                        .isEqualTo("ACKED"));
        List<Request> deliveries = RisPeers.webhook.requests();
        assertThat(deliveries).hasSizeGreaterThanOrEqualTo(3);
        Request last = deliveries.get(deliveries.size() - 1);
        JsonNode body = new ObjectMapper().readTree(last.body());
        assertThat(body.get("studyKey").asText()).isEqualTo(key);
        assertThat(body.get("decision").asText()).isEqualTo("ESCALATE");
        assertThat(body.get("score").asDouble()).isEqualTo(0.91);
        assertThat(body.get("uncertainty").asDouble()).isEqualTo(0.05);
        assertThat(body.get("link").asText()).endsWith("/#study=" + key);
        assertThat(last.bodyText()).doesNotContain(study.accession());
        assertThat(WebhookSignature.verify(
                        RisPeers.WEBHOOK_SECRET,
                        last.header(WebhookSignature.HEADER),
                        last.body(),
                        Instant.now().getEpochSecond(),
                        300))
                .isTrue();

        ConsumerRecord<String, byte[]> record = kafka.await(
                        Topics.PHI_WORKLIST_ALERT, r -> key.equals(r.key()), 1, WAIT)
                .get(0);
        WorklistAlert alert =
                Topics.PHI_WORKLIST_ALERT.valueSerde().deserializer().deserialize(record.topic(), record.value());
        assertThat(alert.getAccessionNumber()).isEqualTo(study.accession());
        assertThat(alert.getMalignantProbability()).isEqualTo(0.91);
        assertThat(alert.getLink()).endsWith("/#study=" + key);
        given().delete("/api/alerts/subscriptions/" + id).then().statusCode(204);
    }

    @Test
    void shouldRefuseAWebhookWithoutUrlOrSecret() {
        given().contentType(ContentType.JSON)
                .body(Map.of("kind", "webhook", "url", "ftp://x", "secret", "0123456789abcdef"))
                .post("/api/alerts/subscriptions")
                .then()
                .statusCode(400);
        given().contentType(ContentType.JSON)
                .body(Map.of("kind", "webhook", "url", "https://x.example/h"))
                .post("/api/alerts/subscriptions")
                .then()
                .statusCode(400);
        given().contentType(ContentType.JSON)
                .body(Map.of("kind", "pager"))
                .post("/api/alerts/subscriptions")
                .then()
                .statusCode(400);
    }

    @Test
    void shouldRefuseWebhooksToInternalTargetsAtSubscription() {
        // %test allows 127.0.0.1/32 and localhost (the test receivers); nothing else internal. The
        // refusals come from the check alone: nothing here is connected to.
        List<String> internal = List.of(
                "http://10.0.0.5/hook",
                "http://169.254.169.254/latest/meta-data/",
                "http://[::1]:8080/hook",
                "http://192.168.1.10/hook?token=tok-a91c07",
                "http://metadata.google.internal/computeMetadata/v1/",
                "https://alerts.monitoring.svc.cluster.local/hook",
                "http://kafka:9092/");
        for (String url : internal) {
            String answer = given().contentType(ContentType.JSON)
                    .body(Map.of("kind", "webhook", "url", url, "secret", RisPeers.WEBHOOK_SECRET))
                    .post("/api/alerts/subscriptions")
                    .then()
                    .statusCode(400)
                    .extract()
                    .asString();
            assertThat(answer)
                    .as(url)
                    .startsWith("webhook target refused: ")
                    .doesNotContain(url)
                    .doesNotContain("tok-a91c07");
        }
        assertThat(given().get("/api/alerts/subscriptions")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("url", String.class))
                .doesNotContainAnyElementsOf(internal);
    }

    @Inject
    WebhookSecrets webhookSecrets;

    @Test
    void shouldKeepWebhookSecretsEncryptedAtRestIncludingPlainTextOnesFromBeforeAndStillSign() throws Exception {
        String url = RisPeers.webhook.baseUrl() + "/hook";
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("kind", "webhook", "url", url, "secret", RisPeers.WEBHOOK_SECRET))
                .post("/api/alerts/subscriptions")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("id");
        // A subscription as the adapter stored it before migration V5, its secret in plain text; start-up
        // (WebhookSecrets.prepare) encrypts it.
        String legacy = UUID.randomUUID().toString();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO alert_subscription (id, kind, url, secret, created_at) VALUES (?, 'webhook', ?, ?, now())")) {
            insert.setString(1, legacy);
            insert.setString(2, url);
            insert.setString(3, RisPeers.WEBHOOK_SECRET);
            insert.executeUpdate();
        }
        try {
            assertThat(webhookSecrets.prepare()).isEqualTo(1);
            String secretHex = HexFormat.of().formatHex(RisPeers.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8));
            for (String subscription : List.of(id, legacy)) {
                try (Connection connection = dataSource.getConnection();
                        PreparedStatement select = connection.prepareStatement(
                                "SELECT row_to_json(s)::text AS row, s.secret, s.secret_sealed "
                                        + "FROM alert_subscription s WHERE id = ?")) {
                    select.setString(1, subscription);
                    try (ResultSet rs = select.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString("row"))
                                .doesNotContain(RisPeers.WEBHOOK_SECRET)
                                .doesNotContain(secretHex);
                        assertThat(rs.getString("secret")).isNull();
                        assertThat(rs.getBytes("secret_sealed")).hasSizeGreaterThan(RisPeers.WEBHOOK_SECRET.length());
                    }
                }
            }

            Study study = Study.random();
            String key = receive(study, Instant.now());
            Eventually.within(
                    WAIT, () -> given().get("/api/worklist/" + key).then().statusCode(200));
            decide(key, Triage.ESCALATE);

            // The receiver answers 204 only to a signature made with its secret.
            Eventually.within(WAIT, () -> {
                var rows = given().get("/api/worklist/" + key + "/writeback")
                        .then()
                        .extract()
                        .jsonPath();
                assertThat(rows.getString("find { it.target == 'webhook:" + id + "' }.status"))
                        .isEqualTo("ACKED");
                assertThat(rows.getString("find { it.target == 'webhook:" + legacy + "' }.status"))
                        .isEqualTo("ACKED");
            });
        } finally {
            given().delete("/api/alerts/subscriptions/" + id).then().statusCode(204);
            given().delete("/api/alerts/subscriptions/" + legacy).then().statusCode(204);
        }
    }

    @Test
    void shouldNameTheSubscriptionAndNeverTheUrlInWebhookErrors() throws Exception {
        String token = "tok-" + UUID.randomUUID().toString().substring(0, 8);
        // Loopback is allowed in %test; nothing listens on the port, so every attempt fails.
        String url = "http://127.0.0.1:" + Hl7Receiver.freePort() + "/hook/" + token + "?token=" + token;
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getLoggerName() + " " + record.getMessage() + " "
                        + Arrays.toString(record.getParameters()) + " " + record.getThrown());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("kind", "webhook", "url", url, "secret", RisPeers.WEBHOOK_SECRET))
                .post("/api/alerts/subscriptions")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("id");
        try {
            Study study = Study.random();
            String key = receive(study, Instant.now());
            Eventually.within(
                    WAIT, () -> given().get("/api/worklist/" + key).then().statusCode(200));
            decide(key, Triage.ESCALATE);

            ConsumerRecord<String, byte[]> record = kafka.await(
                            Topics.PHI_DEAD_LETTER, r -> key.equals(r.key()), 1, WAIT)
                    .get(0);
            DeadLetter letter =
                    Topics.PHI_DEAD_LETTER.valueSerde().deserializer().deserialize(record.topic(), record.value());
            assertThat(letter.getReason())
                    .startsWith("webhook:" + id + ": gave up after 5 attempts; last: webhook " + "subscription " + id
                            + ": ")
                    .doesNotContain(token)
                    .doesNotContain("/hook");
            byte[] payload = new byte[letter.getPayload().remaining()];
            letter.getPayload().get(payload);
            assertThat(new String(payload, StandardCharsets.UTF_8)).doesNotContain(token);

            String target = "webhook:" + id;
            Eventually.within(
                    WAIT,
                    () -> assertThat(given().get("/api/worklist/" + key + "/writeback")
                                    .then()
                                    .extract()
                                    .jsonPath()
                                    .getString("find { it.target == '" + target + "' }.status"))
                            .isEqualTo("DEAD"));
            String api = given().get("/api/worklist/" + key + "/writeback")
                    .then()
                    .extract()
                    .asString();
            assertThat(api).contains("webhook subscription " + id).doesNotContain(token);
            assertThat(given().get("/api/worklist/" + key + "/audit")
                            .then()
                            .extract()
                            .asString())
                    .contains("webhook subscription " + id)
                    .doesNotContain(token);
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement select =
                            connection.prepareStatement("SELECT last_error FROM writeback_outbox WHERE target = ?")) {
                select.setString(1, target);
                try (ResultSet rs = select.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).startsWith(target + ": gave up").doesNotContain(token);
                }
            }
            assertThat(logged).anySatisfy(line -> assertThat(line).contains(id));
            assertThat(logged).noneSatisfy(line -> assertThat(line).contains(token));
        } finally {
            root.removeHandler(capture);
            given().delete("/api/alerts/subscriptions/" + id).then().statusCode(204);
        }
    }

    @Test
    void shouldRecordWhatTheDemosRisSinkReceives() throws Exception {
        // The adapter's own HL7 and FHIR targets, pointed at the sink as ./osteon demo points them.
        var hl7 = new Hl7TargetIT.Settings(
                true, Optional.of("127.0.0.1"), RisPeers.risSinkPort, Duration.ofSeconds(5), "OSTEON", "RIS");
        OutboxItem item = TestItems.priority("hl7", WorklistPriority.STAT, "ACC-SINK-1");
        assertThat(Hl7TargetIT.deliverWith(hl7, item).outcome()).isEqualTo(Delivery.Outcome.ACKNOWLEDGED);
        given().contentType("application/fhir+json")
                .header("X-Request-ID", "req-1")
                .body("{\"resourceType\":\"Parameters\"}")
                .patch("/api/dev/ris-sink/fhir/ServiceRequest?identifier=urn:x|ACC-SINK-2")
                .then()
                .statusCode(200);

        given().get("/api/dev/ris-sink")
                .then()
                .statusCode(200)
                .body("hl7.find { it.accessionNumber == 'ACC-SINK-1' }.tq1Priority", equalTo("S"))
                .body("hl7.find { it.accessionNumber == 'ACC-SINK-1' }.controlId", equalTo(item.id()))
                .body("fhir.find { it.requestId == 'req-1' }.request", containsString("ACC-SINK-2"));
    }

    @TestHTTPResource("/api/alerts/events")
    URI alertEvents;

    @Test
    void shouldStreamAlertsToSseSubscribersWithTheAccessionNumber() throws Exception {
        given().contentType(ContentType.JSON)
                .body(Map.of("kind", "sse"))
                .post("/api/alerts/subscriptions")
                .then()
                .statusCode(201)
                .body("kind", equalTo("sse"));
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture<HttpResponse<Stream<String>>> response = HttpClient.newHttpClient()
                .sendAsync(
                        HttpRequest.newBuilder(alertEvents)
                                .header("Accept", "text/event-stream")
                                .header("Authorization", TestUsers.ADMIN.authorization())
                                .build(),
                        HttpResponse.BodyHandlers.ofLines());
        CompletableFuture<Void> reader = response.thenAcceptAsync(r -> r.body().forEach(lines::add));
        try {
            awaitLine(lines, line -> line.replace(" ", "").equals("data:connected"));
            Study study = Study.random();
            String key = receive(study, Instant.now());
            Eventually.within(
                    WAIT, () -> given().get("/api/worklist/" + key).then().statusCode(200));
            decide(key, Triage.REVIEW);

            String data = awaitLine(lines, line -> line.startsWith("data:") && line.contains(key));
            JsonNode alert = new ObjectMapper().readTree(data.substring("data:".length()));
            assertThat(alert.get("decision").asText()).isEqualTo("REVIEW");
            assertThat(alert.get("accessionNumber").asText()).isEqualTo(study.accession());
            assertThat(alert.get("uncertainty").asDouble()).isEqualTo(0.05);
            assertThat(alert.get("link").asText()).endsWith("/#study=" + key);
        } finally {
            reader.cancel(true);
            response.cancel(true);
        }
    }

    private static String awaitLine(LinkedBlockingQueue<String> lines, Predicate<String> match)
            throws InterruptedException {
        return SseLines.await(lines, match, WAIT);
    }
}
