package org.osteon.worklist.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where a record that can never be handled goes, untouched, with the reason. */
@FunctionalInterface
interface DeadLetterSink {

    void deadLetter(ConsumerRecord<byte[], byte[]> record, String errorType, String reason);
}
