package org.osteon.worklist.policy;

import java.util.Objects;
import org.osteon.events.Triage;
import org.osteon.events.WorklistPriority;

/**
 * What the policy needs to know about a study before a decision is applied.
 *
 * @param priority current reading priority
 * @param source who set {@code priority}
 * @param outcome most severe decision applied so far; null before the first
 * @param needsReview whether the study is already flagged for human review
 */
public record StudyState(WorklistPriority priority, PrioritySource source, Triage outcome, boolean needsReview) {

    public StudyState {
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(source, "source");
    }

    /** A study nobody has decided on yet. */
    public static StudyState initial() {
        return new StudyState(WorklistPriority.ROUTINE, PrioritySource.DEFAULT, null, false);
    }
}
