package org.osteon.streams.deid.profile;

/** The single-letter actions of PS3.15 Table E.1-1, after a combined code has been resolved. */
public enum Action {
    /** Replace with a non-empty dummy value consistent with the VR. */
    D,
    /** Replace with a zero-length value. */
    Z,
    /** Remove. */
    X,
    /** Keep. */
    K,
    /** Clean: keep the value with anything identifying taken out (a shifted date, scrubbed text). */
    C,
    /** Replace a UID with its keyed 2.25 replacement. */
    U;

    /** A single-letter code of the table; combined codes are resolved by the profile, not here. */
    static Action of(String code) {
        try {
            return valueOf(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown action '" + code + "': expected one of D Z X K C U", e);
        }
    }
}
