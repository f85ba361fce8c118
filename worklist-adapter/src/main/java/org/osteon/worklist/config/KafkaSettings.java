package org.osteon.worklist.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Client settings for the plain kafka-clients consumers and the producer. */
@ApplicationScoped
public class KafkaSettings {

    private final String bootstrapServers;
    private final OsteonConfig config;

    KafkaSettings(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, OsteonConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
    }

    /**
     * Offsets are committed by hand after the store commit and the publish (at least once); values
     * stay bytes so a record the serde cannot read can go to the dead-letter topic as it was.
     */
    public Map<String, Object> consumer(String clientId) {
        Map<String, Object> props = new HashMap<>(security());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.worklist().consumerGroup());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A crashed adapter's partitions move to its replacement after 10 s, not the client default of 45 s:
        // until then nothing reaches the worklist (./osteon chaos measures it).
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    public Map<String, Object> producer(String clientId) {
        Map<String, Object> props = new HashMap<>(security());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    /** TLS and SASL settings of a secured cluster, from kafka.* configuration (KAFKA_* in the environment). */
    private static Map<String, Object> security() {
        return org.osteon.schemas.topic.KafkaClientSecurity.from(
                key -> org.eclipse.microprofile.config.ConfigProvider.getConfig().getOptionalValue(key, String.class));
    }
}
