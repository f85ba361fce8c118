package org.osteon.worklist.publish;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.osteon.events.DeadLetter;
import org.osteon.events.TriageDiagnosis;
import org.osteon.platform.kafka.DurablePublisher;
import org.osteon.platform.kafka.PublishException;
import org.osteon.schemas.DeadLetters;
import org.osteon.schemas.topic.Topics;
import org.osteon.worklist.alerts.AlertPayloads;
import org.osteon.worklist.config.KafkaSettings;
import org.osteon.worklist.config.WorklistConfig;
import org.osteon.worklist.store.AlertRecord;
import org.osteon.worklist.store.AppliedDecision;
import org.osteon.worklist.store.FeedbackRecord;

/**
 * The adapter's one producer: the shared {@link DurablePublisher} (idempotent, acks=all), whose sends
 * wait for the broker's acknowledgement, because the caller commits its input offsets right after and
 * must not lose an output. Every method throws the unchecked {@link PublishException} when Kafka did not
 * take the record: the input stays uncommitted and is retried.
 */
@ApplicationScoped
public class EventPublisher {

    static final String STAGE = "worklist";

    private final KafkaSettings settings;
    private final WorklistConfig config;
    private DurablePublisher publisher;

    EventPublisher(KafkaSettings settings, WorklistConfig config) {
        this.settings = settings;
        this.config = config;
    }

    @PostConstruct
    void open() {
        publisher = DurablePublisher.create(
                settings.producer("osteon-worklist-publisher"),
                config.worklist().sendTimeout());
    }

    /** After the consumer loops have stopped (they stop on ShutdownEvent, before beans are destroyed). */
    @PreDestroy
    void close() {
        publisher.close();
    }

    public void priorityChanged(AppliedDecision applied) {
        publisher.send(Topics.WORKLIST_PRIORITY_CHANGED, applied.studyKey(), PriorityChangedEvents.from(applied));
    }

    /** Publishes an alert on phi-worklist-alert-v1: it carries the accession number, so only a phi- topic. */
    public void alert(AlertRecord alert) {
        publisher.send(
                Topics.PHI_WORKLIST_ALERT,
                alert.studyKey(),
                AlertPayloads.avro(alert, config.alerts().pageBaseUrl()));
    }

    /** Publishes a reader's verdict on triage-feedback-v1, keyed by the study pseudonym (no PHI). */
    public void feedback(FeedbackRecord feedback) {
        publisher.send(Topics.TRIAGE_FEEDBACK, feedback.studyKey(), FeedbackEvents.from(feedback));
    }

    /** Publishes a final diagnosis on triage-diagnosis-v1, keyed by the study pseudonym (no PHI). */
    public void diagnosis(TriageDiagnosis diagnosis) {
        publisher.send(Topics.TRIAGE_DIAGNOSIS, diagnosis.getStudyKey(), diagnosis);
    }

    /**
     * Sends a record the adapter cannot read to phi-dead-letter-v1, bytes untouched for replay, keyed as
     * it was. The consumer loops' dead-letter sink: the letter itself is schemas' {@link DeadLetters}.
     */
    public void deadLetter(ConsumerRecord<byte[], byte[]> record, String errorType, String reason) {
        DeadLetter letter = DeadLetters.forRecord(STAGE, record, errorType, reason, Instant.now())
                .build();
        String key = record.key() == null
                ? null
                : Topics.PHI_DEAD_LETTER.keySerde().deserializer().deserialize(record.topic(), record.key());
        publisher.send(Topics.PHI_DEAD_LETTER, key, letter);
    }

    /**
     * A dead letter that did not come from a Kafka record (a write-back the RIS never took, an HL7
     * message the diagnosis listener refused): phi-dead-letter-v1, because its payload may hold PHI.
     */
    public void deadLetter(String key, DeadLetter letter) {
        publisher.send(Topics.PHI_DEAD_LETTER, key, letter);
    }
}
