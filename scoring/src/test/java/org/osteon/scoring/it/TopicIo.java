package org.osteon.scoring.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.osteon.events.RadiographDeidentified;
import org.osteon.events.RadiographScored;
import org.osteon.schemas.topic.Topic;
import org.osteon.schemas.topic.Topics;

/** Writing de-identified events and reading scored ones, as the neighbouring services would. */
public final class TopicIo {

    private TopicIo() {}

    public static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public static ProducerRecord<byte[], byte[]> deidentified(RadiographDeidentified e) {
        Topic<String, RadiographDeidentified> t = Topics.RADIOGRAPH_DEIDENTIFIED;
        return new ProducerRecord<>(
                t.name(),
                e.getStudyKey().getBytes(StandardCharsets.UTF_8),
                t.valueSerde().serializer().serialize(t.name(), e));
    }

    public static RadiographScored scored(ConsumerRecord<byte[], byte[]> r) {
        return Topics.RADIOGRAPH_SCORED.valueSerde().deserializer().deserialize(r.topic(), r.value());
    }

    /**
     * Reads {@code topics} from the beginning until {@code done} holds or the timeout passes, then a
     * little longer, so a duplicate arriving late would be seen rather than missed.
     */
    public static List<ConsumerRecord<byte[], byte[]>> read(
            String bootstrap,
            IsolationLevel isolation,
            Collection<String> topics,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
            Duration timeout,
            Duration settle) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "scoring-it-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.copyOf(topics));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(out) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            long end = System.nanoTime() + settle.toNanos();
            while (System.nanoTime() < end) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
