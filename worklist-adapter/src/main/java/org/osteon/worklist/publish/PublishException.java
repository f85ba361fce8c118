package org.osteon.worklist.publish;

/** Kafka did not take an outgoing record; the input record is retried, not committed. */
public class PublishException extends RuntimeException {

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
