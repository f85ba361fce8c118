package org.osteon.streams.topology;

import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.osteon.events.DeadLetter;

/**
 * Builds the topology's dead letters over schemas' {@link org.osteon.schemas.DeadLetters}, keeping the
 * failed bytes and where they came from, so they can be replayed.
 *
 * <p>It stays, unlike the rename-only wrapper removed from scoring, because it
 * carries logic of a Kafka Streams stage that the three steps share: the source coordinates come from
 * the processor context, whose record metadata Kafka Streams leaves empty outside a source record (a
 * punctuation), and a letter then goes without coordinates instead of failing the task.
 */
final class DeadLetters {

    private DeadLetters() {}

    static DeadLetter of(
            ProcessorContext<?, ?> context,
            String stage,
            String errorType,
            String reason,
            String objectUri,
            byte[] payload,
            Instant now) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        DeadLetter.Builder letter = meta == null
                ? org.osteon.schemas.DeadLetters.letter(stage, errorType, reason, payload, now)
                : org.osteon.schemas.DeadLetters.forRecord(
                        stage, meta.topic(), meta.partition(), meta.offset(), errorType, reason, payload, now);
        return letter.setObjectUri(objectUri).build();
    }
}
