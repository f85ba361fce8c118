package org.osteon.gateway.publish;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.osteon.gateway.config.GatewayConfig;
import org.osteon.platform.kafka.DurablePublisher;
import org.osteon.platform.kafka.KafkaClientSettings;
import org.osteon.platform.kafka.PublishException;
import org.osteon.schemas.topic.Topic;

/**
 * Publishes gateway events through the shared {@link DurablePublisher} (idempotent, {@code acks=all},
 * every send waits for the acknowledgement), so the sender's C-STORE only succeeds once the event is
 * durable. A {@link PublishException} is this side's transient fault: A700 or 503, never a dead letter.
 */
@ApplicationScoped
public class EventPublisher implements AutoCloseable {

    /** Past the producer's own delivery timeout, so the producer reports a lost record before we give up. */
    private static final Duration ACK_WAIT_MARGIN = Duration.ofSeconds(5);

    private final DurablePublisher publisher;

    @Inject
    public EventPublisher(
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, GatewayConfig config) {
        this(KafkaClientSettings.fromConfig(bootstrapServers), config.publishTimeout());
    }

    /** A plaintext cluster (tests and benchmarks). */
    public EventPublisher(String bootstrapServers, Duration ackTimeout) {
        this(KafkaClientSettings.plain(bootstrapServers), ackTimeout);
    }

    /**
     * One producer for every association, so that concurrent receipts share produce requests: with
     * {@code linger.ms=0} a lone sender pays one broker round trip per object, and senders arriving while
     * a request is in flight are batched into the next one.
     */
    public EventPublisher(KafkaClientSettings kafka, Duration ackTimeout) {
        int timeoutMs = (int) Math.max(1_000, ackTimeout.toMillis());
        Map<String, Object> settings = kafka.base();
        settings.putAll(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG,
                "osteon-gateway",
                ProducerConfig.LINGER_MS_CONFIG,
                0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                timeoutMs,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                timeoutMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                Math.min(10_000, timeoutMs)));
        this.publisher = DurablePublisher.create(settings, ackTimeout.plus(ACK_WAIT_MARGIN));
    }

    /** Sends and waits for the acknowledgement; throws when the event is not durable. */
    public <V> void publish(Topic<String, V> topic, String key, V value) throws PublishException {
        publisher.send(topic, key, value);
    }

    /** Like {@link #publish(Topic, String, Object)}, with record headers (the trace context). */
    public <V> void publish(Topic<String, V> topic, String key, V value, Headers headers) throws PublishException {
        publisher.send(topic, key, value, headers);
    }

    @PreDestroy
    @Override
    public void close() {
        publisher.close(Duration.ofSeconds(5));
    }
}
