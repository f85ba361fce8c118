package org.osteon.scoring.pipeline;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.osteon.schemas.topic.Topics;
import org.osteon.scoring.config.ScoringConfig;
import org.osteon.scoring.inference.OnnxModel;

/**
 * Exactly-once consume-transform-produce on plain Kafka clients, in one thread of its own.
 *
 * <p>Each micro-batch is one transaction: its scores, its dead letters and its input offsets commit
 * together or not at all, so a crash never loses an image and never scores one twice downstream
 * ({@code read_committed}). Plain clients rather than Kafka Streams because a batch must reach
 * ONNX Runtime as one tensor, which a record-at-a-time processor cannot give.
 */
@ApplicationScoped
public class ScoringLoop {

    private static final Logger LOG = Logger.getLogger(ScoringLoop.class);
    /** Consumer group; one per service, partitions spread over its instances. */
    public static final String GROUP_ID = "osteon-scoring";
    /** Poll timeout while idle; bounds how long shutdown waits for the loop to notice. */
    private static final Duration IDLE_POLL = Duration.ofMillis(200);

    @Inject
    ScoringConfig config;

    @Inject
    OnnxModel model;

    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
    String bootstrapServers;

    private volatile boolean stopping;
    private volatile boolean running;
    private volatile String failure;
    private Thread thread;
    private KafkaConsumer<String, byte[]> consumer;
    /** Records polled but not yet committed; only the loop thread touches it (rebalance callbacks run inside poll). */
    private final List<Incoming> pending = new ArrayList<>();

    void onStart(@Observes StartupEvent event) {
        RecordTransformer transformer = new RecordTransformer(new BatchScorer(model, Clock.systemUTC()),
                config.maxBatch(), Clock.systemUTC());
        consumer = new KafkaConsumer<>(consumerProperties(),
                Topics.RADIOGRAPH_DEIDENTIFIED.keySerde().deserializer(), new ByteArrayDeserializer());
        thread = new Thread(() -> run(transformer), "osteon-scoring-loop");
        running = true;
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(30).toMillis());
        }
    }

    /** True while the loop is consuming; false after it stopped on a fatal error or at shutdown. */
    public boolean isRunning() {
        return running;
    }

    /** Why the loop stopped, when it stopped on an error. */
    public String failure() {
        return failure;
    }

    private void run(RecordTransformer transformer) {
        try (KafkaConsumer<String, byte[]> c = consumer;
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(),
                        new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            c.subscribe(List.of(Topics.RADIOGRAPH_DEIDENTIFIED.name()), new DropRevoked());
            LOG.infof("scoring loop consuming %s as %s (max-batch %d, max-batch-wait %d ms, %s)",
                    Topics.RADIOGRAPH_DEIDENTIFIED, GROUP_ID, config.maxBatch(), config.maxBatchWaitMs(),
                    model.executionProvider());
            while (!stopping) {
                collectBatch();
                if (!pending.isEmpty()) {
                    commitBatch(producer, transformer);
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                fail("consumer woken unexpectedly", e);
            }
        } catch (FatalProducerException e) {
            fail("fatal producer error, stopping (another instance with the same transactional.id may have"
                    + " taken over)", e.getCause());
        } catch (RuntimeException e) {
            fail("scoring loop crashed", e);
        } finally {
            running = false;
            LOG.info("scoring loop stopped");
        }
    }

    private void fail(String message, Throwable cause) {
        failure = message + ": " + cause;
        LOG.error(message, cause);
    }

    /**
     * Micro-batching: after the first record arrives, keep polling until {@code max-batch} eligible
     * records are in hand or {@code max-batch-wait-ms} has passed.
     */
    private void collectBatch() {
        long deadline = Long.MAX_VALUE;
        int eligible = 0;
        while (!stopping) {
            long now = System.currentTimeMillis();
            Duration timeout = pending.isEmpty() ? IDLE_POLL : Duration.ofMillis(Math.max(0, deadline - now));
            for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
                Incoming in = Incoming.decode(r);
                pending.add(in);
                eligible += in.eligible() ? 1 : 0;
            }
            if (pending.isEmpty()) {
                return;
            }
            if (deadline == Long.MAX_VALUE) {
                deadline = now + config.maxBatchWaitMs();
            }
            if (eligible >= config.maxBatch() || System.currentTimeMillis() >= deadline) {
                return;
            }
        }
    }

    private void commitBatch(KafkaProducer<byte[], byte[]> producer, RecordTransformer transformer) {
        List<ProducerRecord<byte[], byte[]>> out = transformer.transform(pending);
        Map<TopicPartition, OffsetAndMetadata> offsets = nextOffsets(pending);
        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> r : out) {
                producer.send(r);
            }
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
            pending.clear();
        } catch (ProducerFencedException | FencedInstanceIdException | OutOfOrderSequenceException
                | AuthorizationException | UnsupportedVersionException e) {
            throw new FatalProducerException(e);
        } catch (KafkaException e) {
            LOG.warnf("transaction aborted, the batch will be re-read: %s", e.toString());
            abort(producer);
            rewind();
        }
    }

    private static void abort(KafkaProducer<byte[], byte[]> producer) {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            throw new FatalProducerException(e);
        }
    }

    /** Seek back to the first uncommitted record of each partition still owned, so nothing is skipped. */
    private void rewind() {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (Incoming in : pending) {
            first.merge(new TopicPartition(in.record().topic(), in.record().partition()), in.record().offset(), Math::min);
        }
        first.forEach((tp, offset) -> {
            if (consumer.assignment().contains(tp)) {
                consumer.seek(tp, offset);
            }
        });
        pending.clear();
    }

    static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<Incoming> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Incoming in : batch) {
            ConsumerRecord<String, byte[]> r = in.record();
            offsets.merge(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return offsets;
    }

    /** Records of a partition this instance lost belong to the new owner now; committing them here would duplicate. */
    private final class DropRevoked implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            pending.removeIf(in -> partitions.contains(new TopicPartition(in.record().topic(), in.record().partition())));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // Positions come from the group's committed offsets; nothing to restore.
        }
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, GROUP_ID + "-" + instanceId());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxBatch());
        return p;
    }

    private Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId() + "-" + instanceId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    private String instanceId() {
        return config.instanceId().orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "local";
            }
        });
    }

    /** The producer can no longer be used; the loop must stop. */
    private static final class FatalProducerException extends RuntimeException {
        FatalProducerException(KafkaException cause) {
            super(cause);
        }
    }
}
