package org.osteon.curation.read;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.osteon.platform.kafka.KafkaClientSettings;
import org.osteon.schemas.serde.InvalidRecordException;
import org.osteon.schemas.topic.Topic;

/**
 * Reads a topic as it stood when the read began: every partition assigned (no consumer group, nothing
 * committed), from the beginning to the end offsets captured first, committed records only. The end
 * offsets are the snapshot's identity and go into dataset.json, so a build says exactly which events
 * it saw. Only topics outside the PHI zone are read: the research zone never touches a {@code phi-} topic.
 */
public final class TopicSnapshot {

    private final KafkaClientSettings kafka;
    private final SnapshotLimits limits;

    public TopicSnapshot(KafkaClientSettings kafka, SnapshotLimits limits) {
        this.kafka = kafka;
        this.limits = limits;
    }

    /**
     * Hands every committed value below the captured end offsets to {@code each}, in partition order.
     *
     * @return the captured end offset of each partition (empty when the topic does not exist yet)
     * @throws IllegalArgumentException for a {@code phi-} topic
     * @throws BrokerUnavailableException when the broker stops answering before the end is reached
     * @throws BadRecordException when a record cannot be read as the topic's type
     * @throws SnapshotTooLargeException when the topic holds more than {@link SnapshotLimits#maxRecords()}
     */
    public <V> SortedMap<Integer, Long> read(Topic<String, V> topic, Consumer<V> each) {
        if (topic.mayCarryPhi()) {
            throw new IllegalArgumentException("the research zone never reads a phi- topic: " + topic.name());
        }
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(settings(), new StringDeserializer(), new ByteArrayDeserializer())) {
            return readAll(consumer, topic, each);
        } catch (RecordDeserializationException e) {
            // A key the consumer cannot decode: the data's fault, and a KafkaException, so caught first.
            throw new BadRecordException(topic.name(), e.topicPartition().partition(), e.offset(), e);
        } catch (KafkaException e) {
            // A timeout or a lost connection: the broker's state, not the data's.
            throw new BrokerUnavailableException(
                    "cannot read " + topic.name() + " from " + kafka.bootstrapServers() + ": " + e.getMessage(), e);
        }
    }

    private <V> SortedMap<Integer, Long> readAll(
            KafkaConsumer<String, byte[]> consumer, Topic<String, V> topic, Consumer<V> each) {
        Duration timeout = limits.stallTimeout();
        List<PartitionInfo> partitions = consumer.partitionsFor(topic.name(), timeout);
        SortedMap<Integer, Long> ends = new TreeMap<>();
        if (partitions == null || partitions.isEmpty()) {
            return ends;
        }
        List<TopicPartition> assigned = partitions.stream()
                .map(p -> new TopicPartition(topic.name(), p.partition()))
                .toList();
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        // With read_committed these are the last stable offsets: nothing of an open transaction is read.
        Map<TopicPartition, Long> endOffsets = consumer.endOffsets(assigned, timeout);
        endOffsets.forEach((tp, end) -> ends.put(tp.partition(), end));
        long read = 0;
        Instant lastProgress = Instant.now();
        while (!reachedEnds(consumer, endOffsets, timeout)) {
            var records = consumer.poll(Duration.ofMillis(200));
            boolean progressed = !records.isEmpty();
            for (ConsumerRecord<String, byte[]> record : records) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (record.offset() >= endOffsets.get(tp)) {
                    continue; // written after the snapshot began
                }
                if (++read > limits.maxRecords()) {
                    throw new SnapshotTooLargeException(topic.name(), limits.maxRecords());
                }
                V value;
                try {
                    value = topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
                } catch (InvalidRecordException | SerializationException e) {
                    // Converted here: a SerializationException is a KafkaException, which read() would report as
                    // an unavailable broker, and a bad record is the data's fault, not a transient one.
                    throw new BadRecordException(topic.name(), record.partition(), record.offset(), e);
                }
                each.accept(value);
            }
            if (progressed) {
                lastProgress = Instant.now();
            } else if (Duration.between(lastProgress, Instant.now()).compareTo(timeout) > 0) {
                throw new BrokerUnavailableException(
                        "no progress reading " + topic.name() + " for " + timeout.toSeconds() + " s", null);
            }
        }
        return ends;
    }

    /** Positions advance over transaction markers and aborted records, so they do reach the end offsets. */
    private static boolean reachedEnds(
            KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends, Duration timeout) {
        for (var end : ends.entrySet()) {
            if (consumer.position(end.getKey(), timeout) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = kafka.base();
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "osteon-dataset");
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, limits.stallTimeout().toMillis());
        settings.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        settings.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000));
        return settings;
    }
}
