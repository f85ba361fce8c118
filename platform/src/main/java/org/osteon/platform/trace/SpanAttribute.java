package org.osteon.platform.trace;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Every attribute an Osteon span may carry: numbers and topic names, never a value from an object or an
 * event, so no span can hold PHI (only {@code phi-*} topics may). There is deliberately no string
 * attribute taking an arbitrary value.
 */
public enum SpanAttribute {
    /** Records in the micro-batch the image was scored in. */
    BATCH_SIZE("osteon.batch.size"),
    /** The Kafka partition the record was consumed from. */
    PARTITION("messaging.kafka.destination.partition"),
    /** The consumed record's offset. */
    OFFSET("messaging.kafka.message.offset");

    private final AttributeKey<Long> key;

    SpanAttribute(String name) {
        this.key = AttributeKey.longKey(name);
    }

    AttributeKey<Long> key() {
        return key;
    }
}
