package org.osteon.scoring.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.IsolationLevel;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.events.RadiographScored;
import org.osteon.schemas.topic.Topics;
import org.osteon.scoring.TestEvents;
import org.osteon.scoring.TestGateReports;
import org.osteon.scoring.TestModelDirs;
import org.osteon.scoring.TestModels;
import org.osteon.scoring.lifecycle.ModelAudit;
import org.osteon.scoring.model.GoldenCases;
import org.osteon.scoring.model.ModelDescriptor;

/**
 * The packaged service's human-approved way in, on a real in-JVM broker: an admin pins a candidate,
 * swaps it in as the shadow, promotes it on its passing gate report, and rolls it back; scored events
 * name the primary that scored them before, during and after. And what it refuses: no credentials,
 * a reader, a folder that is not the shadow, a report that fails or is not the approved one, a rollback
 * with nothing to undo.
 */
@EnabledIf(value = "org.osteon.scoring.TestModels#goldenPresent", disabledReason = "models/default not committed yet")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@QuarkusTest
@WithTestResource(PromotionResource.class)
class PromotionIT {

    private static final String ISSUER = "https://osteon.test/issuer";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    // A default, because Quarkus checks this injection point in every test of the module, not only here.
    @ConfigProperty(name = "osteon.test.promotion-root", defaultValue = "unset")
    String root;

    private final AtomicInteger sent = new AtomicInteger();

    @Test
    void shouldPromoteAPassingShadowOnAnAdminsApprovalAndRollItBack(@TempDir Path store) throws Exception {
        Path dicom = Files.copy(
                GoldenCases.load(TestModels.goldenDir()).cases().get(0).dicom(), store.resolve("x.dcm"));
        String original = ModelDescriptor.load(TestModels.defaultModelDir()).version();
        Path next = Path.of(root, "next");
        Path failing = Path.of(root, "failing");
        String nextReport = sha256(next.resolve("gate/gate_report.json"));
        String failingReport = sha256(failing.resolve("gate/gate_report.json"));

        // Who may: nobody without credentials, no reader.
        for (String path : List.of("/api/model/pins", "/api/model/promote", "/api/model/rollback")) {
            given().contentType("application/json").body("{}").post(path).then().statusCode(401);
            given().contentType("application/json")
                    .header("Authorization", "Bearer " + token("reader"))
                    .body("{}")
                    .post(path)
                    .then()
                    .statusCode(403);
        }
        asAdmin()
                .body("{}")
                .post("/api/model/rollback")
                .then()
                .statusCode(409)
                .body("error", containsString("no promotion"));
        asAdmin()
                .body(Map.of("dir", "next", "gateReportSha256", nextReport))
                .post("/api/model/promote")
                .then()
                .statusCode(409)
                .body("error", containsString("is not the running shadow"));

        // A failing candidate can be shadowed, not promoted.
        asAdmin()
                .body(Map.of("dir", "failing", "sha256", TestModelDirs.pin(next), "reason", "wrong digest"))
                .post("/api/model/pins")
                .then()
                .statusCode(422);
        pinAndShadow("failing", PromotionResource.FAILING, dicom);
        asAdmin()
                .body(Map.of("dir", "failing", "gateReportSha256", failingReport))
                .post("/api/model/promote")
                .then()
                .statusCode(422)
                .body("error", containsString("decision is FAIL"));

        // The passing one: only on the report the admin approved.
        pinAndShadow("next", PromotionResource.NEXT, dicom);
        given().get("/api/model")
                .then()
                .statusCode(200)
                .body("shadow.modelSha256", equalTo(TestModelDirs.pin(next)))
                .body("shadowGate", nullValue())
                .body("audit", nullValue());
        asAdmin()
                .get("/api/model")
                .then()
                .statusCode(200)
                .body("shadowGate.decision", equalTo("PASS"))
                .body("shadowGate.sha256", equalTo(nextReport))
                .body("shadowGate.candidateModelSha256", equalTo(TestModelDirs.pin(next)))
                .body("shadowGate.matchesShadow", equalTo(true))
                .body("shadowGate.referenceSha256", equalTo(TestGateReports.REFERENCE_SHA256))
                .body("shadowGate.settings.margin", equalTo(0.05f))
                .body("shadowGate.criteria.reference_noninferiority.pass", equalTo(true))
                .body("shadow.modelSha256", equalTo(TestModelDirs.pin(next)));
        asAdmin()
                .body(Map.of("dir", next.toString(), "gateReportSha256", failingReport))
                .post("/api/model/promote")
                .then()
                .statusCode(422)
                .body("error", containsString("not the approved"));
        asAdmin()
                .body(Map.of("dir", next.toString(), "gateReportSha256", nextReport))
                .post("/api/model/promote")
                .then()
                .statusCode(200)
                .body("audit.action", equalTo("promote"))
                .body("audit.model_sha256", equalTo(TestModelDirs.pin(next)))
                .body("audit.gate_report_sha256", equalTo(nextReport))
                .body(
                        "audit.previous_dir",
                        equalTo(TestModels.defaultModelDir().toRealPath().toString()))
                .body("primary.staged", equalTo("osteon-bone-xr " + PromotionResource.NEXT));
        assertThat(scoreUntilPrimaryIs(PromotionResource.NEXT, dicom)).isEqualTo(PromotionResource.NEXT);

        asAdmin()
                .post("/api/model/rollback")
                .then()
                .statusCode(200)
                .body("audit.action", equalTo("rollback"))
                .body("audit.model_sha256", equalTo(pinOfDefault()));
        assertThat(scoreUntilPrimaryIs(original, dicom)).isEqualTo(original);

        List<String> lines = Files.readAllLines(Path.of(root, ModelAudit.FILE_NAME));
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).contains("\"action\":\"pin\"", "\"by\":\"osteon-test-operator\"");
        assertThat(lines.get(2)).contains("\"action\":\"promote\"", nextReport);
        assertThat(lines.get(3)).contains("\"action\":\"rollback\"");
        asAdmin()
                .get("/api/model")
                .then()
                .statusCode(200)
                .body("audit", hasSize(4))
                .body("standingPromotionMismatch", nullValue())
                .body("version", equalTo(original));
    }

    /** Pins the folder's digest, swaps it in as the shadow, and scores until the shadow topic names it. */
    private void pinAndShadow(String dir, String version, Path dicom) throws Exception {
        String pin = TestModelDirs.pin(Path.of(root, dir));
        asAdmin()
                .body(Map.of("dir", dir, "sha256", pin, "reason", "PromotionIT"))
                .post("/api/model/pins")
                .then()
                .statusCode(201)
                .body("audit.action", equalTo("pin"))
                .body("audit.model_sha256", equalTo(pin));
        asAdmin()
                .body(Map.of("dir", dir, "role", "shadow", "pinnedSha256", pin))
                .post("/api/model/swap")
                .then()
                .statusCode(202);
        String key = score(dicom);
        List<ConsumerRecord<byte[], byte[]>> out = TopicIo.read(
                bootstrap,
                IsolationLevel.READ_COMMITTED,
                List.of(Topics.RADIOGRAPH_SCORED_SHADOW.name()),
                records -> records.stream()
                        .anyMatch(r -> TopicIo.scored(r).getInstanceKey().equals(key)),
                Duration.ofSeconds(90),
                Duration.ZERO);
        assertThat(out.stream()
                        .map(TopicIo::scored)
                        .filter(s -> s.getInstanceKey().equals(key)))
                .extracting(RadiographScored::getModelVersion)
                .containsExactly(version);
    }

    /** Sends a record after the swap and returns the version its primary score names. */
    private String scoreUntilPrimaryIs(String version, Path dicom) throws Exception {
        String key = score(dicom);
        List<ConsumerRecord<byte[], byte[]>> out = TopicIo.read(
                bootstrap,
                IsolationLevel.READ_COMMITTED,
                List.of(Topics.RADIOGRAPH_SCORED.name()),
                records -> records.stream()
                        .anyMatch(r -> TopicIo.scored(r).getInstanceKey().equals(key)),
                Duration.ofSeconds(90),
                Duration.ZERO);
        return out.stream()
                .map(TopicIo::scored)
                .filter(s -> s.getInstanceKey().equals(key))
                .map(RadiographScored::getModelVersion)
                .findFirst()
                .orElse("none for " + key + ", expected " + version);
    }

    private String score(Path dicom) throws Exception {
        String key = String.format("PROMOTION-%03d", sent.incrementAndGet());
        try (KafkaProducer<byte[], byte[]> producer = TopicIo.producer(bootstrap)) {
            producer.send(
                    TopicIo.deidentified(TestEvents.deidentified(dicom.toUri().toString(), key)));
            producer.flush();
        }
        return key;
    }

    private static String pinOfDefault() {
        return org.osteon.scoring.model.ModelFiles.read(TestModels.defaultModelDir())
                .sha256();
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static String token(String group) {
        return Jwt.issuer(ISSUER).upn("osteon-test-operator").groups(group).sign();
    }

    private static RequestSpecification asAdmin() {
        return given().contentType("application/json").header("Authorization", "Bearer " + token("admin"));
    }
}
