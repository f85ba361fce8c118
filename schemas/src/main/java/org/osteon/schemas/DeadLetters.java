package org.osteon.schemas;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.osteon.events.DeadLetter;

/**
 * The one way every stage starts a dead letter: a fresh id, the stage, why it failed and the failed
 * bytes kept for replay. Stages that read from Kafka add the source topic, partition and offset.
 */
public final class DeadLetters {

    private DeadLetters() {}

    public static DeadLetter.Builder letter(
            String stage, String errorType, String reason, byte[] payload, Instant failedAt) {
        return DeadLetter.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setFailedAt(failedAt)
                .setStage(stage)
                .setErrorType(errorType)
                .setReason(reason == null || reason.isBlank() ? errorType : reason)
                .setPayload(payload == null ? null : ByteBuffer.wrap(payload));
    }

    /** As {@link #letter}, for a record read from {@code topic} at {@code partition}/{@code offset}. */
    public static DeadLetter.Builder forRecord(
            String stage,
            String topic,
            int partition,
            long offset,
            String errorType,
            String reason,
            byte[] payload,
            Instant failedAt) {
        return letter(stage, errorType, reason, payload, failedAt)
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset);
    }

    /**
     * As {@link #forRecord(String, String, int, long, String, String, byte[], Instant)}, for a record a
     * plain consumer read: its coordinates and its value bytes, untouched, for replay.
     */
    public static DeadLetter.Builder forRecord(
            String stage, ConsumerRecord<?, byte[]> record, String errorType, String reason, Instant failedAt) {
        return forRecord(
                stage,
                record.topic(),
                record.partition(),
                record.offset(),
                errorType,
                reason,
                record.value(),
                failedAt);
    }
}
