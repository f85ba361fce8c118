package org.osteon.worklist.store;

/** An outcome was recorded under a fencing token that another replica's takeover has replaced. */
public final class LeaseLostException extends RuntimeException {

    public LeaseLostException(long token, long current) {
        super("write-back lease token " + token + " is stale (current " + current + ")");
    }
}
