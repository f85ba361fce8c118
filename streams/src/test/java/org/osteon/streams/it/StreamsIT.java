package org.osteon.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.events.RadiographDeidentified;
import org.osteon.events.RadiographReceived;
import org.osteon.events.RadiographScored;
import org.osteon.events.TriageMetrics;
import org.osteon.schemas.topic.Topic;
import org.osteon.schemas.topic.Topics;
import org.osteon.streams.ReceivedEvents;
import org.osteon.testsupport.InJvmKafka;
import org.osteon.testsupport.TempDirs;
import org.osteon.testsupport.TopicRecords;
import org.osteon.testsupport.dicom.TestDicom;

/**
 * The streams app against a real in-JVM broker: what the gateway announces comes out de-identified,
 * and a score comes out as analytics. The gateway's own side is the gateway module's GatewayIT.
 */
@QuarkusTest
@QuarkusTestResource(value = StreamsIT.BrokerAndStores.class, restrictToAnnotatedClass = true)
class StreamsIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "osteon.store.phi-root")
    Path phiRoot;

    @TempDir
    Path dir;

    /** The management interface's root ({@code /q/}): health and metrics. */
    @io.quarkus.test.common.http.TestHTTPResource(value = "/", management = true)
    URL managementRoot;

    @Test
    @Timeout(60)
    void shouldReportReadyWithTheStreams() {
        io.restassured.RestAssured.given()
                .get(managementRoot + "health/ready")
                .then()
                .statusCode(200);
    }

    @Test
    @Timeout(120)
    void shouldTurnAReceivedRadiographIntoADeidentifiedEventWithoutPhi() throws Exception {
        String sopUid = "1.2.826.0.1.3680043.9.7777.21." + (System.nanoTime() % 100000);
        RadiographReceived received = ReceivedEvents.announce(
                phiRoot, TestDicom.writeRadiograph(dir.resolve("cr.dcm"), sopUid), Instant.now());
        send(Topics.PHI_RADIOGRAPH_RECEIVED, received.getStudyInstanceUid(), received);

        ConsumerRecord<String, byte[]> deidentified = null;
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.RADIOGRAPH_DEIDENTIFIED.name()));
            Instant deadline = Instant.now().plusSeconds(90);
            while (deidentified == null && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    deidentified = r;
                }
            }
        }
        assertThat(deidentified)
                .as("RadiographDeidentified on %s", Topics.RADIOGRAPH_DEIDENTIFIED)
                .isNotNull();
        String researchBytes = new String(deidentified.value(), StandardCharsets.UTF_8) + deidentified.key();
        for (String phi : TestDicom.PLANTED_PHI) {
            assertThat(researchBytes).as("research event contains %s", phi).doesNotContain(phi);
        }
        RadiographDeidentified research = TopicRecords.decode(Topics.RADIOGRAPH_DEIDENTIFIED, deidentified);
        assertThat(research.getEligible()).isTrue();
        assertThat(Files.exists(Path.of(java.net.URI.create(research.getObjectUri()))))
                .isTrue();
    }

    @Test
    @Timeout(120)
    void shouldPublishTheAnalyticsOfAScoreToTheMetricsTopicAndPrometheus() throws Exception {
        // A model version of its own, so the series is this test's whatever ran before.
        String model = "it-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        RadiographScored scored = RadiographScored.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setReceivedAt(now.minusMillis(300))
                .setScoredAt(now)
                .setStudyKey("it-study")
                .setInstanceKey("it-instance")
                .setModelName("osteon-it")
                .setModelVersion(model)
                .setLabels(List.of("normal", "malignant"))
                .setProbabilities(List.of(0.1, 0.9))
                .setProbabilitySpread(List.of(0.0, 0.0))
                .setMalignantProbability(0.9)
                .setUncertainty(0.01)
                .setEscalateThreshold(0.3)
                .setReviewUncertaintyThreshold(0.2)
                .setAlpha(0.05)
                .setExecutionProvider("CPU")
                .setInferenceMillis(1.0)
                .setBatchSize(1)
                .setProvenance(org.osteon.schemas.Provenance.NOT_FOR_CLINICAL_USE)
                .setSite("it-site")
                .build();
        send(Topics.RADIOGRAPH_SCORED, "it-study", scored);

        TriageMetrics metrics = null;
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.TRIAGE_METRICS.name()));
            Instant deadline = Instant.now().plusSeconds(90);
            while (metrics == null && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TriageMetrics m = TopicRecords.decode(Topics.TRIAGE_METRICS, r);
                    // The score and the gate's decision may land in neighbouring one-second windows.
                    if (r.key().startsWith("it-site|" + model + "|") && m.getDecisions() > 0) {
                        metrics = m;
                    }
                }
            }
        }
        assertThat(metrics).as("a triage-metrics-v1 record with the decision").isNotNull();
        assertThat(metrics.getEscalationRate()).isEqualTo(1.0);
        String scrape = io.restassured.RestAssured.given()
                .get(managementRoot + "metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(scrape)
                .containsPattern("osteon_triage_escalation_rate\\{[^}]*model=\"" + model
                        + "\"[^}]*site=\"it-site\"[^}]*} 1\\.0");
    }

    private <V> void send(Topic<String, V> topic, String key, V value) throws Exception {
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(
                Map.<String, Object>of(
                        org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic.name(), key, value))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return TopicRecords.committedConsumer(bootstrapServers, "streams-it");
    }

    /** Temporary stores around a real in-JVM KRaft broker (Kafka's test kit, via {@link InJvmKafka}). */
    public static class BrokerAndStores implements QuarkusTestResourceLifecycleManager {

        private Path root;
        private InJvmKafka kafka;

        @Override
        public Map<String, String> start() {
            try {
                root = Files.createTempDirectory("osteon-streams-it");
                kafka = InJvmKafka.start();
                String bootstrap = kafka.bootstrapServers();
                return Map.of(
                        "kafka.bootstrap.servers",
                        bootstrap,
                        "quarkus.kafka-streams.bootstrap-servers",
                        bootstrap,
                        "kafka-streams.state.dir",
                        root.resolve("state").toString(),
                        "osteon.store.phi-root",
                        root.resolve("phi").toString(),
                        "osteon.store.research-root",
                        root.resolve("research").toString(),
                        // Second-long analytics windows with room for a loaded machine, so a test sees one close.
                        "osteon.analytics.window",
                        "PT1S",
                        "osteon.analytics.grace",
                        "PT10S");
            } catch (Exception e) {
                stop();
                throw new IllegalStateException("cannot start the test broker", e);
            }
        }

        @Override
        public void stop() {
            try {
                if (kafka != null) {
                    kafka.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                TempDirs.deleteQuietly(root);
            }
        }
    }
}
