package org.osteon.worklist.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osteon.events.FeedbackVerdict;
import org.osteon.events.Triage;
import org.osteon.events.TriageDecision;
import org.osteon.events.TriageFeedback;
import org.osteon.schemas.key.StudyKeys;
import org.osteon.schemas.topic.Topics;
import org.osteon.worklist.it.TestEvents.Study;

/** The study view's API: the decided image and its map from the research store, and a reader's verdict. */
@QuarkusTest
@QuarkusTestResource(value = WorklistTestResources.class, restrictToAnnotatedClass = true)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StudyViewIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SAMPLE = Path.of("../samples/radiographs/03-malignant-femur.dcm");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "osteon.store.research-root")
    Path researchRoot;

    @Inject
    StudyKeys studyKeys;

    private KafkaIO kafka;

    @BeforeEach
    void open() {
        kafka = new KafkaIO(bootstrapServers);
        TestUsers.READER.signIn();
    }

    @AfterEach
    void close() {
        kafka.close();
        TestUsers.signOut();
    }

    /** A decided study whose object and 2 x 2 map lie at the given URIs. */
    private String decided(String objectUri, String camUri) throws Exception {
        String key = studyKeys.studyKey(Study.random().uid());
        TriageDecision decision = TestEvents.decision(key, Triage.ESCALATE, Instant.now());
        decision.setSite("site-a");
        decision.setObjectUri(objectUri);
        decision.setCamUri(camUri);
        decision.setCamShape(List.of(2, 2));
        kafka.send(Topics.TRIAGE_DECISION, key, decision);
        Eventually.within(
                WAIT,
                () -> given().get("/api/worklist/" + key).then().statusCode(200).body("decision", equalTo("ESCALATE")));
        return key;
    }

    private Path storedSample(String name) throws Exception {
        Path object = Files.createDirectories(researchRoot.resolve("site-a")).resolve(name + ".dcm");
        Files.copy(SAMPLE, object);
        ByteBuffer map = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        map.putFloat(0f).putFloat(0.5f).putFloat(0.75f).putFloat(1f);
        Files.write(Path.of(object + ".cam-test-model-1.f32"), map.array());
        return object;
    }

    @Test
    void shouldServeTheDecidedRadiographAndItsActivationMap() throws Exception {
        Path object = storedSample(UUID.randomUUID().toString());
        String key = decided(
                object.toUri().toString(),
                Path.of(object + ".cam-test-model-1.f32").toUri().toString());

        byte[] png = given().get("/api/worklist/" + key + "/image")
                .then()
                .statusCode(200)
                .contentType("image/png")
                .extract()
                .asByteArray();
        assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth()).isEqualTo(340);
        given().get("/api/worklist/" + key + "/cam")
                .then()
                .statusCode(200)
                .body("modelVersion", equalTo("test-model-1"))
                .body("height", equalTo(2))
                .body("width", equalTo(2))
                .body("values[3]", equalTo(1.0f));
    }

    @Test
    void shouldNeverServeAFileOutsideTheResearchRoot() throws Exception {
        Path outside = Files.createTempFile("osteon-outside", ".dcm");
        Files.copy(SAMPLE, outside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String escaping = researchRoot.toUri() + "site-a/../../" + outside.getFileName();
        try {
            String viaDotDot = decided(escaping, escaping);
            String elsewhere = decided(outside.toUri().toString(), null);

            given().get("/api/worklist/" + viaDotDot + "/image").then().statusCode(404);
            given().get("/api/worklist/" + viaDotDot + "/cam").then().statusCode(404);
            given().get("/api/worklist/" + elsewhere + "/image").then().statusCode(404);
            given().get("/api/worklist/no-such-study/image").then().statusCode(404);
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void shouldRecordAReadersVerdictOnceAndPublishItWithoutPhi() throws Exception {
        String key = decided(null, null);

        String eventId = given().contentType(ContentType.JSON)
                .body(Map.of("verdict", "CONFIRM", "comment", "agree"))
                .post("/api/worklist/" + key + "/feedback")
                .then()
                .statusCode(201)
                .body("reader", equalTo("reader"))
                .body("aiDecision", equalTo("ESCALATE"))
                .extract()
                .path("eventId");
        // The same verdict again is the stored one; the other verdict is refused, the first stands.
        given().contentType(ContentType.JSON)
                .body(Map.of("verdict", "CONFIRM"))
                .post("/api/worklist/" + key + "/feedback")
                .then()
                .statusCode(200)
                .body("eventId", equalTo(eventId));
        given().contentType(ContentType.JSON)
                .body(Map.of("verdict", "REJECT"))
                .post("/api/worklist/" + key + "/feedback")
                .then()
                .statusCode(409);
        given().contentType(ContentType.JSON)
                .body(Map.of("verdict", "MAYBE"))
                .post("/api/worklist/" + key + "/feedback")
                .then()
                .statusCode(400);

        List<ConsumerRecord<String, byte[]>> records =
                kafka.await(Topics.TRIAGE_FEEDBACK, r -> key.equals(r.key()), 2, WAIT);
        List<TriageFeedback> events = records.stream()
                .map(r -> Topics.TRIAGE_FEEDBACK.valueSerde().deserializer().deserialize(r.topic(), r.value()))
                .toList();
        assertThat(events).extracting(TriageFeedback::getEventId).containsOnly(eventId);
        TriageFeedback first = events.get(0);
        assertThat(first.getVerdict()).isEqualTo(FeedbackVerdict.CONFIRM);
        assertThat(first.getSite()).isEqualTo("site-a");
        assertThat(first.getMalignantProbability()).isEqualTo(0.91);
        assertThat(first.getProvenance()).contains("NOT FOR CLINICAL USE");
        given().get("/api/worklist/" + key + "/audit")
                .then()
                .statusCode(200)
                .body("action", hasItem("FEEDBACK_RECORDED"))
                .body("changedBy", hasItem("reader"));
    }

    @Test
    void shouldRefuseAVerdictOnAStudyTheAiHasNotDecided() throws Exception {
        Study study = Study.random();
        String key = studyKeys.studyKey(study.uid());
        kafka.send(Topics.PHI_RADIOGRAPH_RECEIVED, study.uid(), TestEvents.received(study, Instant.now()));
        Eventually.within(WAIT, () -> given().get("/api/worklist/" + key).then().statusCode(200));

        given().contentType(ContentType.JSON)
                .body(Map.of("verdict", "REJECT"))
                .post("/api/worklist/" + key + "/feedback")
                .then()
                .statusCode(409);
        given().contentType(ContentType.JSON)
                .body(Map.of("verdict", "REJECT"))
                .post("/api/worklist/no-such-study/feedback")
                .then()
                .statusCode(404);
    }
}
