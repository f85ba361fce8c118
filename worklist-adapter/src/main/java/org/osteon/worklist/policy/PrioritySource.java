package org.osteon.worklist.policy;

/** Who set a study's current priority. */
public enum PrioritySource {
    /** Nobody yet: the priority every new study starts with. */
    DEFAULT,
    /** The reprioritization policy, from a triage decision. */
    MODEL,
    /** A person, through the REST API; the policy never lowers it. */
    HUMAN,
    /**
     * Anti-starvation: the study waited longer than the wait-time cap (or, in the review lane, past
     * its review deadline) and was promoted so that unflagged studies are not starved.
     */
    WAIT_CAP
}
