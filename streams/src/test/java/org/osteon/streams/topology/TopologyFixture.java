package org.osteon.streams.topology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.osteon.events.RadiographReceived;
import org.osteon.platform.trace.StudyTracer;
import org.osteon.schemas.key.Pseudonymizer;
import org.osteon.schemas.topic.Topic;
import org.osteon.streams.ReceivedEvents;
import org.osteon.streams.analytics.AnalyticsSettings;
import org.osteon.streams.analytics.TriageGauges;
import org.osteon.streams.deid.Deidentification;

/** Drives the topology that {@link TopologyProducer} produces, over temporary stores. */
final class TopologyFixture implements AutoCloseable {

    static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    static final Pseudonymizer PSEUDONYMIZER = new Pseudonymizer("topology-test-secret-at-least-32-bytes-long", "test");

    final Path phiRoot;
    final Path researchRoot;
    final TopologyTestDriver driver;
    /** Where the analytics gauges of this topology go. */
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    TopologyFixture(Path dir) throws Exception {
        this(dir, null);
    }

    /** @param analytics analytics settings; null: the defaults */
    TopologyFixture(Path dir, AnalyticsSettings analytics) throws Exception {
        this(dir, analytics, StudyTracer.noop());
    }

    /** @param tracer traces de-identification and the gate */
    TopologyFixture(Path dir, AnalyticsSettings analytics, StudyTracer tracer) throws Exception {
        this.phiRoot = Files.createDirectories(dir.resolve("phi"));
        this.researchRoot = Files.createDirectories(dir.resolve("research"));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        java.time.Duration studyRetention = java.time.Duration.ofDays(7);
        TopologyProducer producer = new TopologyProducer(
                new Deidentification(PSEUDONYMIZER, phiRoot, researchRoot, clock),
                clock,
                new AnalyticsStep(
                        analytics == null ? AnalyticsSettings.DEFAULTS : analytics,
                        new TriageGauges(registry),
                        studyRetention),
                tracer);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "osteon-streams-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        // The driver's wall clock starts at NOW too: the analytics job closes windows on it.
        this.driver = new TopologyTestDriver(producer.topology(), props, NOW);
    }

    /** Bytes in, so tests can also send garbage. */
    TestInputTopic<String, byte[]> rawInput(Topic<String, ?> topic) {
        return driver.createInputTopic(topic.name(), Serdes.String().serializer(), new ByteArraySerializer());
    }

    <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(
                topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(
                topic.name(),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }

    TestOutputTopic<String, byte[]> rawOutput(Topic<String, ?> topic) {
        return driver.createOutputTopic(
                topic.name(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    /** Puts a file into the PHI store as the gateway would and returns the matching event. */
    RadiographReceived received(Path file) throws Exception {
        return ReceivedEvents.announce(phiRoot, file, NOW.minusMillis(250));
    }

    @Override
    public void close() {
        driver.close();
    }

    /** A scored event at the test thresholds (escalate 0.30, review uncertainty 0.20). */
    static org.osteon.events.RadiographScored scored(
            String study, String instance, Instant receivedAt, double probability, double uncertainty) {
        return org.osteon.events.RadiographScored.newBuilder()
                .setEventId("e-" + instance)
                .setReceivedAt(receivedAt)
                .setScoredAt(receivedAt.plusMillis(500))
                .setStudyKey(study)
                .setInstanceKey(instance)
                .setModelName("osteon-test")
                .setModelVersion("9.8.7")
                .setLabels(java.util.List.of("normal", "benign", "malignant"))
                .setProbabilities(java.util.List.of(1 - probability, 0.0, probability))
                .setProbabilitySpread(java.util.List.of(0.0, 0.0, 0.0))
                .setMalignantProbability(probability)
                .setUncertainty(uncertainty)
                .setEscalateThreshold(0.30)
                .setReviewUncertaintyThreshold(0.20)
                .setAlpha(0.05)
                .setExecutionProvider("CPU")
                .setInferenceMillis(3.0)
                .setBatchSize(1)
                .setProvenance(org.osteon.schemas.Provenance.NOT_FOR_CLINICAL_USE)
                .setSite("site-a")
                .setObjectUri("file:///research/" + study + "/" + instance + ".dcm")
                .setCamUri("file:///research/" + study + "/" + instance + ".cam")
                .setCamShape(java.util.List.of(8, 8))
                .build();
    }
}
