package org.osteon.scoring.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.osteon.events.DeadLetter;
import org.osteon.events.RadiographDeidentified;
import org.osteon.events.RadiographScored;
import org.osteon.schemas.Provenance;
import org.osteon.schemas.topic.Topics;
import org.osteon.scoring.TestEvents;
import org.osteon.scoring.TestModels;
import org.osteon.scoring.model.GoldenCases;

/**
 * The packaged service against a real broker and the committed model: one score, two dead letters.
 * The assertions live here once; {@link ScoringIT} runs them on the in-JVM broker and
 * {@link ScoringContainersIT} on a Kafka container where a Docker engine exists.
 */
// The service refuses to start without its model, so without the committed artifact there is nothing to test.
@EnabledIf(value = "org.osteon.scoring.TestModels#goldenPresent", disabledReason = "models/default not committed yet")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
abstract class ScoringContract {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void shouldScoreAnEligibleImageAndDeadLetterGarbageAndAMissingObject() throws Exception {
        // A copy in a store of its own: scoring writes the class-activation map beside the object.
        Path dicom = java.nio.file.Files.copy(
                GoldenCases.load(TestModels.goldenDir()).cases().get(0).dicom(),
                java.nio.file.Files.createTempDirectory("osteon-scoring-contract")
                        .resolve("golden.dcm"));
        RadiographDeidentified good = TestEvents.deidentified(dicom.toUri().toString(), "GOOD");
        // Missing, but where an object could be: below the research root (the temp folder in %test).
        RadiographDeidentified missing = TestEvents.deidentified(
                Path.of(System.getProperty("java.io.tmpdir"), "osteon-missing-" + UUID.randomUUID(), "object.dcm")
                        .toUri()
                        .toString(),
                "MISSING");
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(record(good.getStudyKey(), encode(good)));
            producer.send(record("garbage", "definitely not avro".getBytes(StandardCharsets.UTF_8)));
            producer.send(record(missing.getStudyKey(), encode(missing)));
        }

        List<ConsumerRecord<byte[], byte[]>> out = readCommitted(3, Duration.ofSeconds(90));

        List<RadiographScored> scored = out.stream()
                .filter(r -> r.topic().equals(Topics.RADIOGRAPH_SCORED.name()))
                .map(r -> Topics.RADIOGRAPH_SCORED.valueSerde().deserializer().deserialize(r.topic(), r.value()))
                .toList();
        List<DeadLetter> dead = out.stream()
                .filter(r -> r.topic().equals(Topics.DEAD_LETTER.name()))
                .map(r -> Topics.DEAD_LETTER.valueSerde().deserializer().deserialize(r.topic(), r.value()))
                .toList();
        assertThat(out)
                .as("committed output topics")
                .extracting(ConsumerRecord::topic)
                .containsExactlyInAnyOrder(
                        Topics.RADIOGRAPH_SCORED.name(), Topics.DEAD_LETTER.name(), Topics.DEAD_LETTER.name());

        JsonNode model = new ObjectMapper()
                .readTree(TestModels.defaultModelDir().resolve("model.json").toFile());
        RadiographScored s = scored.get(0);
        assertThat(s.getInstanceKey()).isEqualTo("GOOD");
        assertThat(s.getReceivedAt()).isEqualTo(good.getReceivedAt());
        assertThat(s.getModelName()).isEqualTo(model.get("name").asText());
        assertThat(s.getModelVersion()).isEqualTo(model.get("version").asText());
        assertThat(s.getProvenance())
                .startsWith(Provenance.NOT_FOR_CLINICAL_USE)
                .contains(model.get("provenance").asText());
        assertThat(s.getEscalateThreshold())
                .isEqualTo(
                        model.at("/thresholds/escalate_malignant_probability").asDouble());
        assertThat(s.getReviewUncertaintyThreshold())
                .isEqualTo(model.at("/thresholds/review_uncertainty").asDouble());
        assertThat(s.getAlpha()).isEqualTo(model.at("/thresholds/alpha").asDouble());
        assertThat(s.getExecutionProvider()).isIn("CPU", "CUDA");
        assertThat(s.getModelRole()).isEqualTo("primary");
        assertThat(s.getCamUri()).startsWith(dicom.toUri().toString() + ".cam-");
        assertThat(Path.of(java.net.URI.create(s.getCamUri())))
                .hasSize(4L
                        * model.at("/output_shapes/cam/1").asInt()
                        * model.at("/output_shapes/cam/2").asInt());
        assertThat(s.getCamShape())
                .containsExactly(
                        model.at("/output_shapes/cam/1").asInt(),
                        model.at("/output_shapes/cam/2").asInt());
        assertThat(s.getProbabilities().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum())
                .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));

        assertThat(dead).allSatisfy(d -> {
            assertThat(d.getStage()).isEqualTo("score");
            assertThat(d.getSourceTopic()).isEqualTo(Topics.RADIOGRAPH_DEIDENTIFIED.name());
            assertThat(d.getSourceOffset()).isNotNull();
            assertThat(d.getPayload()).isNotNull();
        });
        assertThat(dead)
                .extracting(DeadLetter::getErrorType)
                .containsExactlyInAnyOrder("UNDECODABLE_RECORD", "OBJECT_NOT_FOUND");
        assertThat(dead)
                .filteredOn(d -> d.getErrorType().equals("UNDECODABLE_RECORD"))
                .singleElement()
                .satisfies(d -> assertThat(d.getReason()).contains("not a RadiographDeidentified record"));
        assertThat(dead)
                .filteredOn(d -> d.getErrorType().equals("OBJECT_NOT_FOUND"))
                .singleElement()
                .satisfies(d -> assertThat(d.getReason()).contains("not found").contains(missing.getObjectUri()));

        given().get("/api/model")
                .then()
                .statusCode(200)
                .body("version", equalTo(model.get("version").asText()))
                .body("executionProvider", equalTo(s.getExecutionProvider()));
        given().get("/q/health/ready").then().statusCode(200);
    }

    private static byte[] encode(RadiographDeidentified e) {
        return Topics.RADIOGRAPH_DEIDENTIFIED
                .valueSerde()
                .serializer()
                .serialize(Topics.RADIOGRAPH_DEIDENTIFIED.name(), e);
    }

    private static ProducerRecord<byte[], byte[]> record(String key, byte[] value) {
        return new ProducerRecord<>(Topics.RADIOGRAPH_DEIDENTIFIED.name(), key.getBytes(StandardCharsets.UTF_8), value);
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Only committed output counts: an aborted transaction's records must never be seen downstream. */
    private List<ConsumerRecord<byte[], byte[]>> readCommitted(int expected, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "scoring-it-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.RADIOGRAPH_SCORED.name(), Topics.DEAD_LETTER.name()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            // A little longer, so a duplicate would be seen rather than missed.
            long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < settle) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
