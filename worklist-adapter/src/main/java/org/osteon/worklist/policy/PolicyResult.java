package org.osteon.worklist.policy;

import org.osteon.events.Triage;
import org.osteon.events.WorklistPriority;

/**
 * The study after a decision was applied.
 *
 * @param priority new reading priority (never lower than before)
 * @param source who set it: unchanged unless the policy raised it
 * @param outcome the study's outcome, the most severe decision so far
 * @param needsReview whether the study needs a person to look
 * @param adoptsDecision true when this decision became the study's outcome, so the row should show
 *     its reason, probability and model version; false when a more severe one already stands
 */
public record PolicyResult(
        WorklistPriority priority, PrioritySource source, Triage outcome, boolean needsReview, boolean adoptsDecision) {

    public StudyState asState() {
        return new StudyState(priority, source, outcome, needsReview);
    }
}
