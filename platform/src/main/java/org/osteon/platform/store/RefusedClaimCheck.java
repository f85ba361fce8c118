package org.osteon.platform.store;

/** A claim check the store must not serve. Always the input's fault: trying again cannot help. */
public final class RefusedClaimCheck extends Exception {

    /** Why it was refused. */
    public enum Reason {
        /** Not a plain {@code file:} URI: another scheme, a host, a query, or no URI at all. */
        NOT_A_FILE_URI,
        /** A file outside the store's root, by {@code ..}, by an absolute path elsewhere or through a link. */
        OUTSIDE_STORE,
        /** The file is not the one the claim check's SHA-256 names. */
        DIGEST_MISMATCH
    }

    private final Reason reason;

    public RefusedClaimCheck(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
