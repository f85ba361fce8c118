package org.osteon.curation.read;

/**
 * The broker did not answer in time (down, unreachable, a partition without a leader). Transient: the
 * same command later may succeed, and nothing was written, so the caller exits with an error and a
 * clear message instead of building from part of a topic.
 */
public final class BrokerUnavailableException extends RuntimeException {

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
