package org.osteon.scoring.pipeline;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.osteon.events.DeadLetter;

/** Builds scoring's dead letters: where the record came from, why it failed, and its bytes for replay. */
final class DeadLetters {

    static final String STAGE = "score";

    private DeadLetters() {
    }

    static DeadLetter of(ConsumerRecord<String, byte[]> record, String errorType, String reason, String objectUri,
            Instant failedAt) {
        return DeadLetter.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setFailedAt(failedAt)
                .setStage(STAGE)
                .setSourceTopic(record.topic())
                .setSourcePartition(record.partition())
                .setSourceOffset(record.offset())
                .setErrorType(errorType)
                .setReason(reason)
                .setObjectUri(objectUri)
                .setPayload(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .build();
    }
}
