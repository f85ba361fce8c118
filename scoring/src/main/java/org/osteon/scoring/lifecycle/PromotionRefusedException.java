package org.osteon.scoring.lifecycle;

/** A pin, promotion or rollback refused with the running models untouched, and why. */
public final class PromotionRefusedException extends RuntimeException {

    /** The state does not allow it (not the shadow, nothing to roll back), or the evidence does not hold. */
    public enum Reason {
        CONFLICT,
        UNACCEPTABLE
    }

    private final Reason reason;

    public PromotionRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
