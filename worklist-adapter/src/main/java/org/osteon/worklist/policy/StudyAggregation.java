package org.osteon.worklist.policy;

import java.util.Objects;
import org.osteon.events.Triage;

/**
 * The one study-aggregation rule of Osteon: a study is as urgent as its most urgent image. The model
 * decides per image ({@code triage-decision-v1}); the worklist folds those decisions into the study's
 * outcome with this rule as they arrive, and nothing else aggregates them (docs/architecture.md).
 *
 * <ul>
 *   <li>Severity, most severe first: {@code ESCALATE} &gt; {@code REVIEW} &gt; {@code ROUTINE} &gt;
 *       {@code NOT_SCORED}. One confidently high-risk view escalates the study, one view the model is
 *       unsure of sends it to review, and a study stays routine only while every scored view is.
 *   <li>The outcome only rises: a later, less severe decision (another view, or the same image
 *       re-scored lower) never takes the study down.
 *   <li>Ties keep the first: the image that first reached the study's outcome stays its deciding image
 *       (the row shows its reason, scores and picture), so replaying a decision changes nothing and the
 *       arrival order of equally severe images cannot flip the row.
 * </ul>
 */
public final class StudyAggregation {

    private StudyAggregation() {}

    /** Severity order, most severe highest; an unknown future symbol would fail here loudly. */
    public static int severity(Triage decision) {
        return switch (Objects.requireNonNull(decision, "decision")) {
            case ESCALATE -> 3;
            case REVIEW -> 2;
            case ROUTINE -> 1;
            case NOT_SCORED -> 0;
        };
    }

    /**
     * Whether an image's decision becomes the study's outcome (and that image its deciding image):
     * the study has no outcome yet, or the decision is strictly more severe than the one it has.
     *
     * @param current the study's outcome so far; null before its first decision
     */
    public static boolean takesOver(Triage current, Triage incoming) {
        int incomingSeverity = severity(incoming);
        return current == null || incomingSeverity > severity(current);
    }
}
