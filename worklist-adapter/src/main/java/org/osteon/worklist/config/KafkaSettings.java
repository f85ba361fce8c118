package org.osteon.worklist.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.osteon.platform.kafka.KafkaClientSettings;

/**
 * Client settings for the plain kafka-clients consumers and the producer, over the shared
 * {@link KafkaClientSettings} (bootstrap servers and the cluster's security from kafka.*).
 */
@ApplicationScoped
public class KafkaSettings {

    private final KafkaClientSettings kafka;
    private final WorklistConfig config;

    KafkaSettings(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, WorklistConfig config) {
        this.kafka = KafkaClientSettings.fromConfig(bootstrapServers);
        this.config = config;
    }

    /**
     * Offsets are committed by hand after the store commit and the publish (at least once); values
     * stay bytes so a record the serde cannot read can go to the dead-letter topic as it was.
     */
    public Map<String, Object> consumer(String clientId) {
        Map<String, Object> props = kafka.base();
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

    /**
     * The publisher's settings; {@link org.osteon.platform.kafka.DurablePublisher} adds acks=all,
     * idempotence and the byte serializers.
     */
    public Map<String, Object> producer(String clientId) {
        Map<String, Object> props = kafka.base();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }
}
