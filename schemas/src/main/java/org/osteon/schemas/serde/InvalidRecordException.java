package org.osteon.schemas.serde;

/** The bytes on a topic are not a record Osteon can read: the reason goes into a dead-letter record. */
public class InvalidRecordException extends RuntimeException {

    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
