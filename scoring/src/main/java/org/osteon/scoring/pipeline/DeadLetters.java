package org.osteon.scoring.pipeline;

import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.osteon.events.DeadLetter;

/** Builds scoring's dead letters: where the record came from, why it failed, and its bytes for replay. */
final class DeadLetters {

    static final String STAGE = "score";

    private DeadLetters() {
    }

    static DeadLetter of(ConsumerRecord<String, byte[]> record, String errorType, String reason, String objectUri,
            Instant failedAt) {
        return org.osteon.schemas.DeadLetters.forRecord(STAGE, record.topic(), record.partition(), record.offset(),
                        errorType, reason, record.value(), failedAt)
                .setObjectUri(objectUri)
                .build();
    }
}
