package org.osteon.scoring.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.IsolationLevel;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.events.RadiographDeidentified;
import org.osteon.events.RadiographScored;
import org.osteon.schemas.topic.Topics;
import org.osteon.scoring.TestEvents;
import org.osteon.scoring.TestModelDirs;
import org.osteon.scoring.TestModels;
import org.osteon.scoring.model.GoldenCases;
import org.osteon.scoring.model.ModelDescriptor;

/**
 * The packaged service with a shadow model and the swap endpoint, on a real in-JVM broker: the golden
 * vectors through the whole service path (Kafka in, DICOM, preprocessing, ORT, CAM file, Kafka out),
 * shadow scores only on the shadow topic, a hot swap under load that drops and duplicates nothing, and
 * the swaps it refuses: no admin token, a folder outside the models root, files that are not the
 * pinned ones, a candidate that cannot reproduce its golden vectors.
 */
@EnabledIf(value = "org.osteon.scoring.TestModels#goldenPresent", disabledReason = "models/default not committed yet")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@QuarkusTest
@WithTestResource(LifecycleResource.class)
class ModelLifecycleIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    // Defaults, because Quarkus checks these injection points in every test of the module, not only here.
    @ConfigProperty(name = "osteon.test.models-root", defaultValue = "unset")
    String modelsRoot;

    @ConfigProperty(name = "osteon.test.outside-root", defaultValue = "unset")
    String outsideRoot;

    private static final List<String> BOTH =
            List.of(Topics.RADIOGRAPH_SCORED.name(), Topics.RADIOGRAPH_SCORED_SHADOW.name());

    @Test
    void shouldReproduceTheGoldenVectorsThroughTheServiceAndShadowThemOnTheShadowTopicOnly(@TempDir Path store)
            throws Exception {
        GoldenCases golden = GoldenCases.load(TestModels.goldenDir());
        Map<String, GoldenCases.Case> byKey = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = TopicIo.producer(bootstrap)) {
            for (GoldenCases.Case c : golden.cases()) {
                Path copy = Files.copy(c.dicom(), store.resolve(c.dicom().getFileName()));
                String key = "GOLDEN-" + c.name();
                byKey.put(key, c);
                producer.send(TopicIo.deidentified(
                        TestEvents.deidentified(copy.toUri().toString(), key)));
            }
        }
        int n = golden.cases().size();
        List<ConsumerRecord<byte[], byte[]>> out = TopicIo.read(
                bootstrap,
                IsolationLevel.READ_COMMITTED,
                BOTH,
                records -> withPrefix(records, "GOLDEN-").size() >= 2 * n,
                Duration.ofSeconds(90),
                Duration.ofSeconds(2));
        List<ConsumerRecord<byte[], byte[]>> mine = withPrefix(out, "GOLDEN-");
        List<RadiographScored> primary = decode(mine, Topics.RADIOGRAPH_SCORED.name());
        List<RadiographScored> shadow = decode(mine, Topics.RADIOGRAPH_SCORED_SHADOW.name());
        assertThat(primary)
                .hasSize(n)
                .allSatisfy(s -> assertThat(s.getModelRole()).isEqualTo("primary"));
        assertThat(shadow).hasSize(n).allSatisfy(s -> {
            assertThat(s.getModelRole()).isEqualTo("shadow");
            assertThat(s.getModelVersion()).isEqualTo(LifecycleResource.SHADOW);
        });

        double tol = golden.outputTolerance();
        // What model.json declares, e.g. [-1, 12, 12]: the event must carry the shape the graph gives.
        com.fasterxml.jackson.databind.JsonNode camShape = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(TestModels.defaultModelDir().resolve("model.json").toFile())
                .at("/output_shapes/cam");
        int camRows = camShape.get(1).asInt();
        int camCols = camShape.get(2).asInt();
        for (RadiographScored s : primary) {
            GoldenCases.Case c = byKey.get(s.getInstanceKey());
            for (int k = 0; k < c.probs().length; k++) {
                assertThat(s.getProbabilities().get(k))
                        .as(c.name() + " probs[" + k + "]")
                        .isCloseTo(c.probs()[k], within(tol));
                assertThat(s.getProbabilitySpread().get(k))
                        .as(c.name() + " spread")
                        .isCloseTo(c.spread()[k], within(tol));
            }
            assertThat(s.getUncertainty()).as(c.name() + " uncertainty").isCloseTo(c.uncertainty(), within(tol));
            assertThat(s.getCamShape()).containsExactly(camRows, camCols);
            float[] cam = readF32(Path.of(URI.create(s.getCamUri())));
            assertThat(cam).hasSize(camRows * camCols);
            double camSum = 0;
            double camAbsSum = 0;
            for (float v : cam) {
                camSum += v;
                camAbsSum += Math.abs(v);
            }
            assertThat(c.camSumDiff(camSum, camAbsSum))
                    .as(c.name() + " cam_sum")
                    .isLessThanOrEqualTo(tol);
            assertThat(s.getUncertaintyComponents()).containsKeys("entropy", "ensemble_spread");
            assertThat(s.getUncertainty())
                    .isGreaterThanOrEqualTo(s.getUncertaintyComponents().get("entropy") - 1e-5);
            assertThat(s.getStageMillis()).containsKeys("decode", "preprocess", "infer", "cam");
            assertThat(s.getExecutionProvider()).isEqualTo("CPU");
        }
        given().get("/api/model").then().statusCode(200).body("shadow.version", equalTo(LifecycleResource.SHADOW));
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks[0].data.shadowModel", containsString(LifecycleResource.SHADOW))
                .body("checks[0].data.executionProvider", equalTo("CPU"));
    }

    @Test
    void shouldRefuseACandidateThatCannotReproduceItsGoldenVectors() {
        String before =
                given().get("/api/model").then().statusCode(200).extract().path("version");
        Path broken = Path.of(modelsRoot, "broken");
        asAdmin()
                .body(Map.of("dir", broken.toString(), "pinnedSha256", TestModelDirs.pin(broken)))
                .post("/api/model/swap")
                .then()
                .statusCode(422)
                .body("error", containsString("golden case"));
        given().get("/api/model")
                .then()
                .statusCode(200)
                .body("version", equalTo(before))
                .body("staged", equalTo(null));
    }

    @Test
    void shouldLetOnlyAnAdminSwapWhileHealthAndMetricsStayOpen() throws Exception {
        String before =
                given().get("/api/model").then().statusCode(200).extract().path("version");
        Map<String, String> body = Map.of("dir", "candidate", "pinnedSha256", candidatePin());
        java.security.PrivateKey stranger = KeyUtils.readPrivateKey("jwt/strangerPrivateKey.pem");

        given().contentType("application/json")
                .body(body)
                .post("/api/model/swap")
                .then()
                .statusCode(401);
        for (String token : List.of(
                "not-a-jwt",
                Jwt.issuer(ISSUER).upn("ops").groups("admin").sign(stranger),
                Jwt.issuer("https://elsewhere.example/")
                        .upn("ops")
                        .groups("admin")
                        .sign())) {
            given().contentType("application/json")
                    .header("Authorization", "Bearer " + token)
                    .body(body)
                    .post("/api/model/swap")
                    .then()
                    .statusCode(401);
        }
        given().contentType("application/json")
                .header("Authorization", "Bearer " + token("reader"))
                .body(body)
                .post("/api/model/swap")
                .then()
                .statusCode(403);
        given().get("/api/model")
                .then()
                .statusCode(200)
                .body("version", equalTo(before))
                .body("staged", equalTo(null));

        // Monitoring needs no credentials, and a header it happens to send is never checked there.
        given().get("/q/health/live").then().statusCode(200);
        given().header("Authorization", "Bearer not-a-jwt")
                .get("/q/health/live")
                .then()
                .statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    }

    @Test
    void shouldRefuseAFolderOutsideTheModelsRootEvenWithThePinnedFiles() throws Exception {
        String before =
                given().get("/api/model").then().statusCode(200).extract().path("version");
        Path outside = Path.of(outsideRoot, "candidate");
        assertThat(TestModelDirs.pin(outside))
                .as("the same files as the pinned candidate")
                .isEqualTo(candidatePin());
        Path link = Path.of(modelsRoot, "link-to-outside");
        if (!Files.isSymbolicLink(link)) {
            Files.createSymbolicLink(link, outside);
        }
        for (String dir : List.of(
                outside.toString(), "../" + Path.of(outsideRoot).getFileName() + "/candidate", link.toString())) {
            asAdmin()
                    .body(Map.of("dir", dir, "pinnedSha256", candidatePin()))
                    .post("/api/model/swap")
                    .then()
                    .statusCode(403)
                    .body("error", containsString("outside the models root"));
        }
        given().get("/api/model")
                .then()
                .statusCode(200)
                .body("version", equalTo(before))
                .body("staged", equalTo(null));
    }

    @Test
    void shouldRefuseACandidateThatIsNotThePinnedOne() {
        String before =
                given().get("/api/model").then().statusCode(200).extract().path("version");
        // The candidate's folder name and digest, but a threshold changed since it was pinned.
        asAdmin()
                .body(Map.of("dir", "tampered", "pinnedSha256", candidatePin()))
                .post("/api/model/swap")
                .then()
                .statusCode(422)
                .body("error", containsString("not the pinned " + candidatePin()));
        asAdmin()
                .body(Map.of("dir", "candidate", "pinnedSha256", "f".repeat(64)))
                .post("/api/model/swap")
                .then()
                .statusCode(403)
                .body("error", containsString("not among the model digests this deployment pins"));
        asAdmin()
                .body(Map.of("dir", "candidate"))
                .post("/api/model/swap")
                .then()
                .statusCode(400)
                .body("error", containsString("pinnedSha256"));
        given().get("/api/model")
                .then()
                .statusCode(200)
                .body("version", equalTo(before))
                .body("staged", equalTo(null));
    }

    @Test
    void shouldHotSwapUnderLoadWithoutDroppingOrDuplicatingARecord(@TempDir Path store) throws Exception {
        Path dicom = Files.copy(
                GoldenCases.load(TestModels.goldenDir()).cases().get(0).dicom(), store.resolve("x.dcm"));
        int total = 60;
        try (KafkaProducer<byte[], byte[]> producer = TopicIo.producer(bootstrap)) {
            for (int i = 0; i < total; i++) {
                RadiographDeidentified e = RadiographDeidentified.newBuilder(
                                TestEvents.deidentified(dicom.toUri().toString(), String.format("SWAP-%03d", i)))
                        .setStudyKey("S" + (i % 7))
                        .build();
                producer.send(TopicIo.deidentified(e));
                producer.flush();
                if (i == total / 3) {
                    asAdmin()
                            .body(Map.of("dir", modelsRoot + "/candidate", "pinnedSha256", candidatePin()))
                            .post("/api/model/swap")
                            .then()
                            .statusCode(202)
                            .body("staged", equalTo("osteon-bone-xr " + LifecycleResource.CANDIDATE));
                }
                Thread.sleep(15);
            }
        }
        List<ConsumerRecord<byte[], byte[]>> out = withPrefix(
                TopicIo.read(
                        bootstrap,
                        IsolationLevel.READ_COMMITTED,
                        List.of(Topics.RADIOGRAPH_SCORED.name()),
                        records -> withPrefix(records, "SWAP-").size() >= total,
                        Duration.ofSeconds(120),
                        Duration.ofSeconds(3)),
                "SWAP-");
        List<RadiographScored> scored = decode(out, Topics.RADIOGRAPH_SCORED.name());
        Map<String, Long> perInput =
                scored.stream().collect(Collectors.groupingBy(RadiographScored::getInstanceKey, Collectors.counting()));
        assertThat(perInput)
                .as("every record scored exactly once across the swap")
                .hasSize(total)
                .allSatisfy((k, count) -> assertThat(count).as(k).isEqualTo(1L));
        Map<String, Long> byVersion = scored.stream()
                .collect(Collectors.groupingBy(RadiographScored::getModelVersion, Collectors.counting()));
        String primary = ModelDescriptor.load(TestModels.defaultModelDir()).version();
        assertThat(byVersion.keySet()).containsExactlyInAnyOrder(primary, LifecycleResource.CANDIDATE);
        // Within a partition the order of scoring is the order of input: once the new version scored, the old never
        // does again.
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition =
                out.stream().collect(Collectors.groupingBy(ConsumerRecord::partition));
        byPartition.forEach((p, records) -> {
            List<String> versions = records.stream()
                    .map(r -> TopicIo.scored(r).getModelVersion())
                    .toList();
            int firstNew = versions.indexOf(LifecycleResource.CANDIDATE);
            if (firstNew >= 0) {
                assertThat(versions.subList(firstNew, versions.size()))
                        .as("partition " + p)
                        .containsOnly(LifecycleResource.CANDIDATE);
            }
        });
        given().get("/api/model").then().statusCode(200).body("version", equalTo(LifecycleResource.CANDIDATE));
    }

    private static final String ISSUER = "https://osteon.test/issuer";

    private static String token(String group) {
        return Jwt.issuer(ISSUER).upn("osteon-test-operator").groups(group).sign();
    }

    private static RequestSpecification asAdmin() {
        return given().contentType("application/json").header("Authorization", "Bearer " + token("admin"));
    }

    private String candidatePin() {
        return TestModelDirs.pin(Path.of(modelsRoot, "candidate"));
    }

    private static List<ConsumerRecord<byte[], byte[]>> withPrefix(
            List<ConsumerRecord<byte[], byte[]>> records, String prefix) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (TopicIo.scored(r).getInstanceKey().startsWith(prefix)) {
                out.add(r);
            }
        }
        return out;
    }

    private static List<RadiographScored> decode(List<ConsumerRecord<byte[], byte[]>> records, String topic) {
        return records.stream()
                .filter(r -> r.topic().equals(topic))
                .map(TopicIo::scored)
                .toList();
    }

    private static float[] readF32(Path file) throws Exception {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(out);
        return out;
    }
}
