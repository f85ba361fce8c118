package org.osteon.worklist.ingest;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;
import org.osteon.schemas.serde.InvalidRecordException;
import org.osteon.schemas.topic.Topic;

/**
 * One consumer on one topic, on its own thread. Offsets are committed only after a record was fully
 * handled or dead-lettered (at least once; the store makes replays harmless). A record that fails
 * for a transient reason is retried from its offset after a pause; the loop itself never dies.
 */
final class ConsumerLoop<V> implements Runnable {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);

    private final Topic<String, V> topic;
    private final Consumer<byte[], byte[]> consumer;
    private final RecordHandler<V> handler;
    private final DeadLetterSink deadLetters;
    private final Duration pollTimeout;
    private final Duration retryBackoff;
    private volatile boolean running = true;
    private volatile boolean joinedGroup;

    ConsumerLoop(Topic<String, V> topic, Consumer<byte[], byte[]> consumer, RecordHandler<V> handler,
            DeadLetterSink deadLetters, Duration pollTimeout, Duration retryBackoff) {
        this.topic = topic;
        this.consumer = consumer;
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.pollTimeout = pollTimeout;
        this.retryBackoff = retryBackoff;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic.name()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // Offsets are committed per record; nothing is held back across a rebalance.
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
                LOG.warnf("dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                        e.getMessage());
                deadLetters.deadLetter(record, "UNDECODABLE_RECORD", e.getMessage());
            }
            return true;
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf(e, "cannot handle %s-%d@%d yet; retrying in %s", record.topic(), record.partition(),
                    record.offset(), retryBackoff);
            return false;
        }
    }

    private void pause() {
        try {
            Thread.sleep(retryBackoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
