package org.osteon.worklist.publish;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.osteon.events.DeadLetter;
import org.osteon.schemas.DeadLetters;
import org.osteon.schemas.topic.Topic;
import org.osteon.schemas.topic.Topics;
import org.osteon.worklist.config.KafkaSettings;
import org.osteon.worklist.alerts.AlertPayloads;
import org.osteon.worklist.config.OsteonConfig;
import org.osteon.worklist.store.AlertRecord;
import org.osteon.worklist.store.AppliedDecision;
import org.osteon.worklist.store.FeedbackRecord;

/**
 * The adapter's one producer (idempotent, acks=all). Sends wait for the broker's acknowledgement,
 * because the caller commits its input offsets right after and must not lose an output.
 */
@ApplicationScoped
public class EventPublisher {

    static final String STAGE = "worklist";

    private final KafkaSettings settings;
    private final OsteonConfig config;
    private KafkaProducer<byte[], byte[]> producer;

    EventPublisher(KafkaSettings settings, OsteonConfig config) {
        this.settings = settings;
        this.config = config;
    }

    @PostConstruct
    void open() {
        producer = new KafkaProducer<>(settings.producer("osteon-worklist-publisher"));
    }

    /** After the consumer loops have stopped (they stop on ShutdownEvent, before beans are destroyed). */
    @PreDestroy
    void close() {
        producer.close();
    }

    public void priorityChanged(AppliedDecision applied) {
        send(Topics.WORKLIST_PRIORITY_CHANGED, applied.studyKey(), PriorityChangedEvents.from(applied));
    }

    /** Publishes an alert on phi-worklist-alert-v1: it carries the accession number, so only a phi- topic. */
    public void alert(AlertRecord alert) {
        send(Topics.PHI_WORKLIST_ALERT, alert.studyKey(), AlertPayloads.avro(alert, config.alerts().pageBaseUrl()));
    }

    /** Publishes a reader's verdict on triage-feedback-v1, keyed by the study pseudonym (no PHI). */
    public void feedback(FeedbackRecord feedback) {
        send(Topics.TRIAGE_FEEDBACK, feedback.studyKey(), FeedbackEvents.from(feedback));
    }

    /** Sends a record the adapter cannot read to phi-dead-letter-v1, bytes untouched for replay. */
    public void deadLetter(ConsumerRecord<byte[], byte[]> record, String errorType, String reason) {
        DeadLetter letter = DeadLetters.forRecord(STAGE, record.topic(), record.partition(), record.offset(),
                errorType, reason, record.value(), Instant.now()).build();
        String key = record.key() == null ? null
                : Topics.PHI_DEAD_LETTER.keySerde().deserializer().deserialize(record.topic(), record.key());
        send(Topics.PHI_DEAD_LETTER, key, letter);
    }

    /** A dead letter that did not come from a Kafka record (a write-back the RIS never took). */
    public void deadLetter(String key, DeadLetter letter) {
        send(Topics.PHI_DEAD_LETTER, key, letter);
    }

    private <V> void send(Topic<String, V> topic, String key, V value) {
        byte[] keyBytes = key == null ? null : topic.keySerde().serializer().serialize(topic.name(), key);
        byte[] valueBytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        try {
            producer.send(new ProducerRecord<>(topic.name(), keyBytes, valueBytes))
                    .get(config.worklist().sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while sending to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishException("could not send to " + topic + ": " + e.getMessage(), e);
        }
    }
}
