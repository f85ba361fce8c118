package org.osteon.streams.topology;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.osteon.events.DeadLetter;

/** Builds dead letters that keep the failed bytes and where they came from, so they can be replayed. */
final class DeadLetters {

    private DeadLetters() {
    }

    static DeadLetter of(ProcessorContext<?, ?> context, String stage, String errorType, String reason,
            String objectUri, byte[] payload, Instant now) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        return DeadLetter.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setFailedAt(now)
                .setStage(stage)
                .setSourceTopic(meta == null ? null : meta.topic())
                .setSourcePartition(meta == null ? null : meta.partition())
                .setSourceOffset(meta == null ? null : meta.offset())
                .setErrorType(errorType)
                .setReason(reason == null ? errorType : reason)
                .setObjectUri(objectUri)
                .setPayload(payload == null ? null : ByteBuffer.wrap(payload))
                .build();
    }
}
