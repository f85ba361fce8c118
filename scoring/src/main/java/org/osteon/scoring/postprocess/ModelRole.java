package org.osteon.scoring.postprocess;

/** Which of the service's models made a score; recorded on the event as {@code modelRole}. */
public enum ModelRole {
    /** The model whose scores the gate reads. */
    PRIMARY,
    /** A candidate scored beside the primary, for comparison before a promotion; it decides nothing. */
    SHADOW;

    /** The value on the event: {@code primary} or {@code shadow}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
