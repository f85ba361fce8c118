package org.osteon.worklist.ingest;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;
import org.osteon.schemas.serde.InvalidRecordException;
import org.osteon.schemas.topic.Topic;

/**
 * One consumer on one topic, on its own thread. Offsets are committed only after a record was fully
 * handled or dead-lettered (at least once; the store makes replays harmless). A record that fails
 * is retried from its offset after a pause, and the records behind it on its partition wait; the
 * loop itself never dies.
 *
 * <p>A record that cannot be decoded is dead-lettered at once. Any other failure may be an outage
 * (database or broker down), during which every record fails and none may be dropped, or a poison
 * record, which would block its partition forever. A failure counts against the record only when
 * Kafka does not call it retriable and the {@link DependencyProbe} finds the database working right
 * after it; {@code maxAttempts} such failures in a row, with no success of that record in between,
 * send the record to the dead-letter topic with the reason, and the partition moves on. During an
 * outage nothing is counted, so nothing is dead-lettered for it.
 */
final class ConsumerLoop<V> implements Runnable {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);

    private final Topic<String, V> topic;
    private final Consumer<byte[], byte[]> consumer;
    private final RecordHandler<V> handler;
    private final DeadLetterSink deadLetters;
    private final DependencyProbe dependencies;
    private final Duration pollTimeout;
    private final Duration retryBackoff;
    private final int maxAttempts;
    /** Counted failures of the record at the head of each partition; a partition holds one at a time. */
    private final Map<TopicPartition, FailedRecord> failures = new HashMap<>();

    private volatile boolean running = true;
    private volatile boolean joinedGroup;

    ConsumerLoop(
            Topic<String, V> topic,
            Consumer<byte[], byte[]> consumer,
            RecordHandler<V> handler,
            DeadLetterSink deadLetters,
            DependencyProbe dependencies,
            Duration pollTimeout,
            Duration retryBackoff,
            int maxAttempts) {
        this.topic = topic;
        this.consumer = consumer;
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.dependencies = dependencies;
        this.pollTimeout = pollTimeout;
        this.retryBackoff = retryBackoff;
        this.maxAttempts = maxAttempts;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic.name()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // Offsets are committed per record; nothing is held back across a rebalance. The
                    // partitions' next owner counts their failures afresh.
                    failures.keySet().removeAll(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    joinedGroup = true;
                }
            });
            while (running) {
                try {
                    pollOnce();
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // A failed commit (rebalance) or a broker error: the uncommitted records come
                    // again, and the store makes them harmless.
                    LOG.errorf(e, "consumer on %s failed; retrying in %s", topic, retryBackoff);
                    pause();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close();
        }
    }

    /**
     * True once the group coordinator has assigned this loop its partitions; before that a record
     * would wait seconds for the group join, so the service does not call itself ready.
     */
    boolean hasJoinedGroup() {
        return joinedGroup && running;
    }

    /** Stops the loop from another thread; a blocked poll returns at once. */
    void stop() {
        running = false;
        consumer.wakeup();
    }

    void pollOnce() {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        boolean failed = false;
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                if (!running || !process(record)) {
                    // Rewind this partition so the record is polled again; later ones wait behind it.
                    consumer.seek(partition, record.offset());
                    failed = true;
                    break;
                }
                done.put(partition, new OffsetAndMetadata(record.offset() + 1));
            }
        }
        if (!done.isEmpty()) {
            consumer.commitSync(done);
        }
        if (failed && running) {
            pause();
        }
    }

    /** True when the record is finished with (handled or dead-lettered). */
    private boolean process(ConsumerRecord<byte[], byte[]> record) {
        try {
            try {
                if (record.value() == null) {
                    throw new InvalidRecordException("empty record value", null);
                }
                V value = topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
                handler.handle(value, record);
            } catch (InvalidRecordException e) {
                LOG.warnf(
                        "dead-lettering %s-%d@%d: %s",
                        record.topic(), record.partition(), record.offset(), e.getMessage());
                deadLetters.deadLetter(record, "UNDECODABLE_RECORD", e.getMessage());
            }
            failures.remove(partitionOf(record));
            return true;
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            return failed(record, e);
        }
    }

    /** Counts the failure against the record unless it is an outage's; true once the record is dead-lettered. */
    private boolean failed(ConsumerRecord<byte[], byte[]> record, RuntimeException failure) {
        if (isRetriableInKafka(failure) || !dependencies.healthy()) {
            LOG.errorf(
                    failure,
                    "cannot handle %s-%d@%d during an outage; retrying in %s",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    retryBackoff);
            return false;
        }
        TopicPartition partition = partitionOf(record);
        FailedRecord previous = failures.get(partition);
        int attempts = previous != null && previous.offset() == record.offset() ? previous.attempts() + 1 : 1;
        failures.put(partition, new FailedRecord(record.offset(), attempts));
        if (attempts < maxAttempts) {
            LOG.errorf(
                    failure,
                    "cannot handle %s-%d@%d (attempt %d of %d); retrying in %s",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    attempts,
                    maxAttempts,
                    retryBackoff);
            return false;
        }
        String reason = "failed " + attempts + " times in a row, never during an outage: " + failure;
        LOG.errorf(
                failure,
                "dead-lettering %s-%d@%d after %d attempts",
                record.topic(),
                record.partition(),
                record.offset(),
                attempts);
        try {
            deadLetters.deadLetter(record, "ATTEMPTS_EXHAUSTED", reason);
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf(
                    e,
                    "cannot dead-letter %s-%d@%d; retrying in %s",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    retryBackoff);
            return false;
        }
        failures.remove(partition);
        return true;
    }

    /** Kafka's own verdict that trying again may succeed (a leader moving, a timeout): an outage. */
    private static boolean isRetriableInKafka(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RetriableException || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static TopicPartition partitionOf(ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }

    private record FailedRecord(long offset, int attempts) {}

    private void pause() {
        try {
            Thread.sleep(retryBackoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
