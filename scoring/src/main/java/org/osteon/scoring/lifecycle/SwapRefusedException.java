package org.osteon.scoring.lifecycle;

/** A swap request refused before any of its folder was read: malformed, or asking for what is not allowed. */
public final class SwapRefusedException extends RuntimeException {

    /** Why: the request itself is wrong, or it asks for a folder or digest this deployment does not allow. */
    public enum Reason {
        MALFORMED,
        NOT_ALLOWED
    }

    private final Reason reason;

    public SwapRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
