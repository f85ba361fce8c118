package org.osteon.scoring.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Exactly-once consume-transform-produce over any Kafka {@link Consumer} and transactional
 * {@link Producer}, so the transaction handling is tested with Kafka's mock clients.
 *
 * <p>Each micro-batch is one transaction: its outputs and its input offsets commit together or not at
 * all, so a crash never loses an input and never publishes an output twice to {@code read_committed}
 * readers. Plain clients rather than Kafka Streams because a batch must reach ONNX Runtime as one
 * tensor, which a record-at-a-time processor cannot give.
 */
public final class TransactionalLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(TransactionalLoop.class);
    /** Poll timeout while idle; bounds how long shutdown waits for the loop to notice. */
    private static final Duration IDLE_POLL = Duration.ofMillis(200);

    private final Consumer<String, byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Function<List<Incoming>, List<ProducerRecord<byte[], byte[]>>> transform;
    private final int maxBatch;
    private final int maxBatchWaitMs;

    private volatile boolean stopping;
    private volatile boolean running = true;
    private volatile String failure;
    private volatile boolean joinedGroup;
    /** Records polled but not yet committed; only the loop thread touches it (rebalance callbacks run inside poll). */
    private final List<Incoming> pending = new ArrayList<>();

    public TransactionalLoop(Consumer<String, byte[]> consumer, Producer<byte[], byte[]> producer, String topic,
            Function<List<Incoming>, List<ProducerRecord<byte[], byte[]>>> transform, int maxBatch, int maxBatchWaitMs) {
        this.consumer = consumer;
        this.producer = producer;
        this.topic = topic;
        this.transform = transform;
        this.maxBatch = maxBatch;
        this.maxBatchWaitMs = maxBatchWaitMs;
    }

    /** Asks the loop to finish; safe from any thread. Uncommitted records are re-read by the next owner. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    /** True until the loop has stopped, at shutdown or on a fatal error. */
    public boolean isRunning() {
        return running;
    }

    /**
     * True once the consumer group has handed this loop its partitions. Until then a record would wait
     * for the group join, seconds, so the service is not ready.
     */
    public boolean hasJoinedGroup() {
        return joinedGroup;
    }

    /** Why the loop stopped, when it stopped on an error. */
    public String failure() {
        return failure;
    }

    @Override
    public void run() {
        try (consumer; producer) {
            producer.initTransactions();
            consumer.subscribe(List.of(topic), new DropRevoked());
            LOG.infof("scoring loop consuming %s (max-batch %d, max-batch-wait %d ms)", topic, maxBatch, maxBatchWaitMs);
            while (!stopping) {
                collectBatch();
                if (!pending.isEmpty()) {
                    commitBatch();
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
                deadline = now + maxBatchWaitMs;
            }
            if (eligible >= maxBatch || System.currentTimeMillis() >= deadline) {
                return;
            }
        }
    }

    private void commitBatch() {
        List<ProducerRecord<byte[], byte[]>> out = transform.apply(pending);
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
            abort();
            rewind();
        }
    }

    private void abort() {
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
            joinedGroup = true;
        }
    }

    /** The producer can no longer be used; the loop must stop. */
    private static final class FatalProducerException extends RuntimeException {
        FatalProducerException(KafkaException cause) {
            super(cause);
        }
    }
}
