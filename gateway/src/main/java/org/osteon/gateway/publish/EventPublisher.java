package org.osteon.gateway.publish;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.osteon.schemas.topic.KafkaClientSecurity;
import org.osteon.schemas.topic.Topic;
import org.osteon.gateway.config.GatewayConfig;

/**
 * Publishes gateway events. Idempotent with {@code acks=all}, and every send waits for the broker's
 * acknowledgement, so the sender's C-STORE only succeeds once the event is durable.
 */
@ApplicationScoped
public class EventPublisher implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final Duration ackTimeout;

    @Inject
    public EventPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, GatewayConfig config) {
        this(bootstrapServers, config.publishTimeout(), KafkaClientSecurity.from(
                key -> org.eclipse.microprofile.config.ConfigProvider.getConfig().getOptionalValue(key, String.class)));
    }

    /**
     * One producer for every association, so that concurrent receipts share produce requests: with
     * {@code linger.ms=0} a lone sender pays one broker round trip per object, and senders arriving while
     * a request is in flight are batched into the next one.
     */
    public EventPublisher(String bootstrapServers, Duration ackTimeout) {
        this(bootstrapServers, ackTimeout, Map.of());
    }

    /** @param security TLS and SASL client settings of a secured cluster ({@link KafkaClientSecurity}) */
    public EventPublisher(String bootstrapServers, Duration ackTimeout, Map<String, Object> security) {
        this.ackTimeout = ackTimeout;
        int timeoutMs = (int) Math.max(1_000, ackTimeout.toMillis());
        Map<String, Object> settings = new java.util.HashMap<>(security);
        settings.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "osteon-gateway",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(10_000, timeoutMs)));
        this.producer = new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends and waits for the acknowledgement; throws when the event is not durable. */
    public <V> void publish(Topic<String, V> topic, String key, V value) throws PublishException {
        byte[] k = topic.keySerde().serializer().serialize(topic.name(), key);
        byte[] v = topic.valueSerde().serializer().serialize(topic.name(), value);
        try {
            producer.send(new ProducerRecord<>(topic.name(), k, v)).get(ackTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw new PublishException("cannot publish to " + topic + ": " + e.getMessage(), e);
        }
    }

    @PreDestroy
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** The broker did not acknowledge an event. */
    public static class PublishException extends Exception {
        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
