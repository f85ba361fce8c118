package org.osteon.streams.topology;

import java.time.Instant;
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
        DeadLetter.Builder letter = meta == null
                ? org.osteon.schemas.DeadLetters.letter(stage, errorType, reason, payload, now)
                : org.osteon.schemas.DeadLetters.forRecord(stage, meta.topic(), meta.partition(), meta.offset(),
                        errorType, reason, payload, now);
        return letter.setObjectUri(objectUri).build();
    }
}
