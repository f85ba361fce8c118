package org.osteon.curation.read;

/**
 * A record of a snapshot that is not the topic's type. Not transient: reading again gives the same bytes, so the
 * build stops with the record's place (topic, partition, offset) for an operator to look at, never its content.
 */
public final class BadRecordException extends RuntimeException {

    public BadRecordException(String topic, int partition, long offset, Throwable cause) {
        super(
                "bad record in " + topic + " partition " + partition + " at offset " + offset
                        + ": it cannot be read as the topic's type; nothing is built from a topic with unreadable records",
                cause);
    }
}
