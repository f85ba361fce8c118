package org.osteon.gateway.results.delivery;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;
import org.osteon.events.DeadLetter;
import org.osteon.events.DeliveryStatus;
import org.osteon.events.ResultDelivery;
import org.osteon.events.ResultObject;
import org.osteon.gateway.publish.EventPublisher;
import org.osteon.gateway.results.objects.ResultObjects;
import org.osteon.platform.store.ClaimChecks;
import org.osteon.platform.store.RefusedClaimCheck;
import org.osteon.schemas.DeadLetters;
import org.osteon.schemas.serde.InvalidRecordException;
import org.osteon.schemas.topic.Topics;

/**
 * Delivers the outbox ({@code phi-result-object-v1}) to one destination, one object at a time, in its
 * own consumer group: a destination that is down holds back its own deliveries only. Each attempt is
 * audited on {@code phi-result-delivery-v1}. A failed attempt is retried after a doubling backoff; after
 * the last allowed attempt the object is dead-lettered on {@code phi-dead-letter-v1} (its record's bytes,
 * for {@code ./osteon replay-dead-letters}) and the next one is taken. The offset is committed only
 * after the outcome is durable, so a restart mid-delivery sends the object again; its SOP Instance UID is
 * the same, so the PACS keeps one copy.
 */
final class DestinationWorker implements Runnable {

    private static final Logger LOG = Logger.getLogger(DestinationWorker.class);
    static final String STAGE = "results-delivery";

    /** The retry policy of one destination. */
    record Policy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        Duration backoffAfter(int attempt) {
            long millis = initialBackoff.toMillis() << Math.min(20, attempt - 1);
            return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
        }
    }

    private final String name;
    private final Sender sender;
    private final Policy policy;
    private final Path phiRoot;
    private final Map<String, Object> consumerSettings;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private final EventPublisher publisher;
    private final Clock clock;
    private volatile boolean running = true;

    DestinationWorker(
            String name,
            Sender sender,
            Policy policy,
            Path phiRoot,
            Map<String, Object> consumerSettings,
            EventPublisher publisher,
            Clock clock) {
        this.name = name;
        this.sender = sender;
        this.policy = policy;
        this.phiRoot = phiRoot;
        this.consumerSettings = Map.copyOf(consumerSettings);
        this.publisher = publisher;
        this.clock = clock;
    }

    /** The consumer group of a destination: its own, so each destination gets every object. */
    static String groupOf(String destination) {
        return "phi-result-delivery-" + destination;
    }

    /**
     * Delivers until stopped. A fault of this side (the broker did not take an audit, the store cannot be
     * read) ends the session without committing: after a pause a new consumer starts again from the last
     * committed object, so nothing is skipped.
     */
    @Override
    public void run() {
        while (running) {
            try {
                session();
            } catch (WakeupException e) {
                // stop() asked: the uncommitted record, if any, is delivered again after the restart.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The fault's kind only: a store's messages carry paths that name the study.
                Throwable cause = e instanceof java.io.UncheckedIOException u ? u.getCause() : e;
                String reason = cause instanceof java.nio.file.FileSystemException fs ? fs.getReason() : null;
                LOG.warnf(
                        "result delivery to %s paused after a fault of this side (%s%s), resuming",
                        name, cause.getClass().getSimpleName(), reason == null ? "" : ": " + reason);
                try {
                    Thread.sleep(policy.initialBackoff().toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void session() throws InterruptedException {
        consumer = new KafkaConsumer<>(consumerSettings, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            consumer.subscribe(List.of(Topics.PHI_RESULT_OBJECT.name()));
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofSeconds(1));
                for (ConsumerRecord<String, byte[]> record : records) {
                    handle(record);
                    consumer.commitSync(Map.of(
                            new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1)));
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        ResultObject object;
        try {
            object = Topics.PHI_RESULT_OBJECT.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (InvalidRecordException | org.apache.kafka.common.errors.SerializationException e) {
            deadLetter(record, "UNDECODABLE_RECORD", "not a ResultObject: " + e.getMessage(), null);
            return;
        }
        Path file;
        try {
            // Only the results area: a forged record must not make delivery send an original or a refused object.
            file = ClaimChecks.openVerified(
                    phiRoot.resolve(ResultObjects.AREA), object.getObjectUri(), object.getObjectSha256());
        } catch (RefusedClaimCheck e) {
            deadLetter(record, "CLAIM_CHECK_REFUSED", e.getMessage(), object);
            return;
        } catch (java.nio.file.NoSuchFileException e) {
            deadLetter(record, "OBJECT_MISSING", "the result object is no longer in the PHI store", object);
            return;
        } catch (IOException e) {
            // The store is unavailable: not this object's fault. Fail the worker so it is restarted.
            throw new java.io.UncheckedIOException(e);
        }
        for (int attempt = 1; running; attempt++) {
            long start = System.nanoTime();
            Sender.Attempt result = sender.send(file, object);
            long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
            boolean last = attempt >= policy.maxAttempts();
            DeliveryStatus status = result.delivered()
                    ? DeliveryStatus.DELIVERED
                    : last ? DeliveryStatus.DEAD_LETTERED : DeliveryStatus.RETRYING;
            audit(object, attempt, status, result.detail(), elapsed);
            if (result.delivered()) {
                return;
            }
            if (last) {
                deadLetter(
                        record,
                        "RESULT_DELIVERY_FAILED",
                        "not stored at " + name + " after " + attempt + " attempts; last: " + result.detail(),
                        object);
                return;
            }
            LOG.infof(
                    "result delivery to %s: attempt %d of %d failed, retrying in %s",
                    name, attempt, policy.maxAttempts(), policy.backoffAfter(attempt));
            Thread.sleep(policy.backoffAfter(attempt).toMillis());
        }
        throw new WakeupException();
    }

    private void audit(ResultObject object, int attempt, DeliveryStatus status, String detail, long elapsed) {
        ResultDelivery event = ResultDelivery.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAttemptedAt(clock.instant())
                .setDestination(name)
                .setProtocol(sender.protocol())
                .setSopInstanceUid(object.getSopInstanceUid())
                .setStudyInstanceUid(object.getStudyInstanceUid())
                .setObjectType(object.getObjectType())
                .setAttempt(attempt)
                .setStatus(status)
                .setDetail(detail)
                .setElapsedMillis(elapsed)
                .build();
        publisher.publish(Topics.PHI_RESULT_DELIVERY, object.getStudyInstanceUid(), event);
    }

    private void deadLetter(
            ConsumerRecord<String, byte[]> record, String errorType, String reason, ResultObject object) {
        DeadLetter.Builder letter = DeadLetters.forRecord(STAGE, record, errorType, reason, clock.instant());
        if (object != null) {
            letter.setObjectUri(object.getObjectUri()).setObjectSha256(object.getObjectSha256());
        }
        publisher.publish(Topics.PHI_DEAD_LETTER, record.key(), letter.build());
        LOG.warnf("dead-lettered a result object for %s (%s; reason on phi-dead-letter-v1)", name, errorType);
    }
}
