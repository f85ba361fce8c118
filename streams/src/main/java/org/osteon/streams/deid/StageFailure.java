package org.osteon.streams.deid;

/** A record a stage cannot process; becomes a dead letter with this error type and reason. */
public class StageFailure extends Exception {

    private final String errorType;

    public StageFailure(String errorType, String reason, Throwable cause) {
        super(reason, cause);
        this.errorType = errorType;
    }

    public StageFailure(String errorType, String reason) {
        this(errorType, reason, null);
    }

    /** Short machine-readable class, e.g. CLAIM_CHECK_MISMATCH. */
    public String errorType() {
        return errorType;
    }
}
