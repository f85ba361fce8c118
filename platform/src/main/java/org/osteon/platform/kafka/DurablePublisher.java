package org.osteon.platform.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.osteon.schemas.topic.Topic;

/**
 * The one way a service publishes an event it must not lose: an idempotent producer with
 * {@code acks=all}, and every send waits for the broker's acknowledgement, so the caller may answer its
 * sender or commit its input right after. Anything short of an acknowledgement within the wait is a
 * {@link PublishException}. Records are serialised with the topic registry's serdes, so one byte-level
 * producer serves every topic.
 *
 * <p>The services' CDI beans own one each and add their client id, timeouts and typed methods.
 */
public final class DurablePublisher implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;
    private final Duration ackWait;

    /** For tests: a producer made elsewhere (a {@code MockProducer}). */
    public DurablePublisher(Producer<byte[], byte[]> producer, Duration ackWait) {
        this.producer = producer;
        this.ackWait = ackWait;
    }

    /**
     * @param settings {@link KafkaClientSettings#base()} with the caller's client id and timeouts;
     *                 acknowledgement and idempotence are set here, for every publisher alike
     * @param ackWait  how long {@link #send} waits for the acknowledgement
     */
    public static DurablePublisher create(Map<String, Object> settings, Duration ackWait) {
        Map<String, Object> producerSettings = new HashMap<>(settings);
        producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
        producerSettings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new DurablePublisher(
                new KafkaProducer<>(producerSettings, new ByteArraySerializer(), new ByteArraySerializer()), ackWait);
    }

    /**
     * Sends and waits for the acknowledgement. A record the serdes cannot write fails with their own
     * exception, not a {@link PublishException}: that is not a broker fault, and retrying cannot help.
     *
     * @throws PublishException when the event is not durable (no acknowledgement, a broker error, a
     *                          timeout, an interrupt); the cause tells which, for retry decisions
     */
    public <K, V> void send(Topic<K, V> topic, K key, V value) throws PublishException {
        send(topic, key, value, null);
    }

    /** Like {@link #send(Topic, Object, Object)}, with record headers (the trace context); null for none. */
    public <K, V> void send(Topic<K, V> topic, K key, V value, Headers headers) throws PublishException {
        byte[] keyBytes = key == null ? null : topic.keySerde().serializer().serialize(topic.name(), key);
        byte[] valueBytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        try {
            producer.send(new ProducerRecord<>(topic.name(), null, keyBytes, valueBytes, headers))
                    .get(ackWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            // KafkaException: what send() throws at once instead of failing its future; the broker
            // did not take the record either way.
            throw new PublishException("cannot publish to " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Waits up to {@code timeout} for records in flight. */
    public void close(Duration timeout) {
        producer.close(timeout);
    }

    /** Waits for every record in flight, however long. */
    @Override
    public void close() {
        producer.close();
    }
}
