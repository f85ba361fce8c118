package org.osteon.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.osteon.schemas.topic.Topic;
import org.osteon.schemas.topic.Topics;

/** What ingest publishes (received events and dead letters), from the moment the reader is open. */
final class IngestTopicsReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    /** Records polled but not yet taken by {@link #await} or {@link #quiet}. */
    private final List<ConsumerRecord<byte[], byte[]>> unread = new ArrayList<>();

    IngestTopicsReader(String bootstrapServers) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "ingest-test-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "latest"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.PHI_DEAD_LETTER.name(), Topics.PHI_RADIOGRAPH_RECEIVED.name()));
        while (consumer.assignment().size() < 2) {
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position);
    }

    /** The next {@code n} records of {@code topic}, decoded; fails after 30 s. */
    <V> List<V> await(Topic<String, V> topic, int n) {
        List<V> values = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            for (var it = unread.iterator(); it.hasNext() && values.size() < n; ) {
                ConsumerRecord<byte[], byte[]> r = it.next();
                if (r.topic().equals(topic.name())) {
                    values.add(topic.valueSerde().deserializer().deserialize(r.topic(), r.value()));
                    it.remove();
                }
            }
            if (values.size() == n || Instant.now().isAfter(deadline)) {
                break;
            }
            consumer.poll(Duration.ofMillis(200)).forEach(unread::add);
        }
        assertThat(values).as("records on %s", topic.name()).hasSize(n);
        return values;
    }

    /** The topics of every record not taken yet, including what arrives within {@code window}. */
    List<String> quiet(Duration window) {
        Instant deadline = Instant.now().plus(window);
        while (Instant.now().isBefore(deadline)) {
            consumer.poll(Duration.ofMillis(200)).forEach(unread::add);
        }
        List<String> topics = unread.stream().map(ConsumerRecord::topic).toList();
        unread.clear();
        return topics;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
