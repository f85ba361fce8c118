package org.osteon.scoring.pipeline;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.osteon.platform.kafka.KafkaClientSettings;
import org.osteon.platform.trace.StudyTracer;
import org.osteon.schemas.topic.Topics;
import org.osteon.scoring.lifecycle.Models;

/**
 * One running scoring loop with its clients, its thread, its preparation pool and its inference workers, built the same way
 * for the Quarkus service, the integration tests and the benchmark, so what they measure is what runs.
 */
public final class ScoringRuntime implements AutoCloseable {

    /** Consumer group; one per service, partitions spread over its instances. */
    public static final String GROUP_ID = "osteon-scoring";

    /**
     * @param researchRoot      the research store ({@code osteon.store.research-root}): objects are read, and
     *                          activation maps written, only below it
     * @param consumerOverrides extra consumer settings (tests shorten the group timeouts with them)
     * @param beforeCommit      {@link TransactionalLoop#NO_FAULTS} outside tests
     */
    public record Options(
            String bootstrapServers,
            String transactionalId,
            String instanceId,
            int maxBatch,
            int maxBatchWaitMs,
            int maxInFlightBatches,
            int commitIntervalMs,
            int preprocessThreads,
            int inferenceWorkers,
            boolean writeCam,
            Path researchRoot,
            Map<String, Object> consumerOverrides,
            TransactionalLoop.BeforeCommit beforeCommit) {

        /** {@code transactional.id}: the prefix and this instance's id, stable across restarts. */
        public String fullTransactionalId() {
            return transactionalId + "-" + instanceId;
        }
    }

    private final TransactionalLoop loop;
    private final Thread thread;
    private final ExecutorService pool;
    private final ExecutorService inference;
    private final StageTimings timings;

    private ScoringRuntime(
            TransactionalLoop loop, ExecutorService pool, ExecutorService inference, StageTimings timings) {
        this.loop = loop;
        this.pool = pool;
        this.inference = inference;
        this.timings = timings;
        this.thread = new Thread(loop, "osteon-loop");
    }

    /** Creates the clients and starts the loop thread. */
    public static ScoringRuntime start(Models models, Options options) {
        return start(
                models,
                options,
                KafkaClientSettings.fromConfig(options.bootstrapServers()).security());
    }

    /**
     * Creates the clients with the given TLS and SASL settings (by Kafka client key) and starts the loop.
     * Tests that run against a secured broker pass them here; the service reads them from kafka.*
     * ({@link KafkaClientSettings#fromConfig}).
     */
    public static ScoringRuntime start(Models models, Options options, Map<String, Object> clusterSecurity) {
        return start(models, options, clusterSecurity, StudyTracer.noop());
    }

    /** Like {@link #start(Models, Options)}, each image's scoring stages traced by {@code tracer}. */
    public static ScoringRuntime start(Models models, Options options, StudyTracer tracer) {
        return start(
                models,
                options,
                KafkaClientSettings.fromConfig(options.bootstrapServers()).security(),
                tracer);
    }

    /** Like {@link #start(Models, Options, Map)}, each image's scoring stages traced by {@code tracer}. */
    public static ScoringRuntime start(
            Models models, Options options, Map<String, Object> clusterSecurity, StudyTracer tracer) {
        StageTimings timings = new StageTimings();
        ExecutorService pool = Executors.newFixedThreadPool(options.preprocessThreads(), daemonThreads("prep"));
        ExecutorService inference = Executors.newFixedThreadPool(options.inferenceWorkers(), daemonThreads("infer"));
        RecordTransformer transformer = new RecordTransformer(
                models,
                pool,
                options.preprocessThreads(),
                inference,
                options.inferenceWorkers(),
                options.maxBatch(),
                Clock.systemUTC(),
                options.writeCam(),
                timings,
                options.researchRoot());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                consumerProperties(options, clusterSecurity),
                Topics.RADIOGRAPH_DEIDENTIFIED.keySerde().deserializer(),
                new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                producerProperties(options, clusterSecurity), new ByteArraySerializer(), new ByteArraySerializer());
        TransactionalLoop loop = new TransactionalLoop(
                consumer,
                producer,
                Topics.RADIOGRAPH_DEIDENTIFIED.name(),
                transformer,
                options.maxBatch(),
                options.maxBatchWaitMs(),
                options.maxInFlightBatches(),
                options.commitIntervalMs(),
                timings,
                options.beforeCommit(),
                tracer);
        ScoringRuntime runtime = new ScoringRuntime(loop, pool, inference, timings);
        runtime.thread.start();
        return runtime;
    }

    public TransactionalLoop loop() {
        return loop;
    }

    public StageTimings timings() {
        return timings;
    }

    /** Stops the loop after its current batch; uncommitted records are re-read by the next owner. */
    @Override
    public void close() throws InterruptedException {
        loop.stop();
        thread.join(Duration.ofSeconds(30).toMillis());
        // A batch still on ORT finishes (its lease keeps the session open); its result is dropped.
        inference.shutdown();
        inference.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        pool.shutdownNow();
    }

    /**
     * The consumer settings of a scoring instance. Public so that the partitions benchmark's
     * pass-through path runs with exactly these and differs from scoring only in the work per record.
     */
    public static Properties consumerProperties(Options o, Map<String, Object> clusterSecurity) {
        Properties p = new Properties();
        p.putAll(new KafkaClientSettings(o.bootstrapServers(), clusterSecurity).base());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, GROUP_ID + "-" + o.instanceId());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // One poll never holds more than a batch, so the open batches bound memory.
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, o.maxBatch());
        // A crashed instance's partitions move after 10 s, not the client default of 45 s (./osteon chaos).
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
        p.putAll(o.consumerOverrides());
        return p;
    }

    /** The transactional producer settings of a scoring instance (public for the same reason). */
    public static Properties producerProperties(Options o, Map<String, Object> clusterSecurity) {
        Properties p = new Properties();
        p.putAll(new KafkaClientSettings(o.bootstrapServers(), clusterSecurity).base());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, o.fullTransactionalId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String role) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            // Short enough for Linux's 15-character thread names, so top -H tells the roles apart.
            Thread t = new Thread(r, "osteon-" + role + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
