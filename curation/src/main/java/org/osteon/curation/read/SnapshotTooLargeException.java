package org.osteon.curation.read;

/** A topic longer than the snapshot's bound: refused whole, never read in part. */
public final class SnapshotTooLargeException extends RuntimeException {

    public SnapshotTooLargeException(String topic, long maxRecords) {
        super(topic + " holds more than " + maxRecords + " records, the bound of one snapshot (--max-events)");
    }
}
