package org.osteon.platform.kafka;

/**
 * Kafka did not acknowledge an outgoing record in time: a transient fault of the publishing side, never
 * a reason to dead-letter the input. The gateway answers it with C-STORE A700 or STOW 503 so the sender
 * retries; the worklist adapter leaves its input record uncommitted and polls it again.
 *
 * <p>Unchecked, because the worklist's callers let it travel through functional interfaces (record
 * handlers, dead-letter sinks, JAX-RS resources) to one {@code catch (RuntimeException)} that classifies
 * it by its cause. The gateway still names it in its {@code throws} clauses and catches it first,
 * before any broader catch, wherever the answer to the sender is decided.
 */
public class PublishException extends RuntimeException {

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
