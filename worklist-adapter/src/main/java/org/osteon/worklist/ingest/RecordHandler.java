package org.osteon.worklist.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Processes one decoded record completely (store commit, publish, page push) before returning, so
 * the loop may commit its offset. Throw {@link org.osteon.schemas.serde.InvalidRecordException} for
 * a record that can never succeed; anything else is retried, and dead-lettered once it has failed
 * {@code osteon.worklist.max-attempts} times in a row outside an outage (see {@code ConsumerLoop}).
 */
@FunctionalInterface
public interface RecordHandler<V> {

    void handle(V value, ConsumerRecord<byte[], byte[]> raw);
}
