package org.osteon.scoring.pipeline;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.osteon.events.RadiographDeidentified;
import org.osteon.schemas.serde.InvalidRecordException;
import org.osteon.schemas.topic.Topics;

/**
 * A consumed record with its decoded event, or the reason it could not be decoded. Values are consumed
 * as bytes and decoded here, so a record no deserializer can read becomes a dead letter instead of a
 * poison pill that stops the consumer.
 */
public record Incoming(ConsumerRecord<String, byte[]> record, RadiographDeidentified event, String decodeError) {

    static Incoming decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return new Incoming(record, null, "record has no value (tombstone)");
        }
        try {
            RadiographDeidentified event = Topics.RADIOGRAPH_DEIDENTIFIED
                    .valueSerde()
                    .deserializer()
                    .deserialize(record.topic(), record.value());
            return new Incoming(record, event, null);
        } catch (InvalidRecordException e) {
            return new Incoming(record, null, e.getMessage());
        }
    }

    boolean eligible() {
        return event != null && event.getEligible();
    }
}
