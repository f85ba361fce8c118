package org.osteon.worklist.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.osteon.events.Triage;
import org.osteon.events.WorklistPriority;

/**
 * The worklist policy of docs/architecture.md, free of I/O so every rule is unit-tested.
 *
 * <ul>
 *   <li>ESCALATE raises the priority to URGENT; REVIEW flags the study for a person; ROUTINE and
 *       NOT_SCORED change nothing.
 *   <li>A priority is never lowered, so a priority a person set is never lowered either.
 *   <li>A study's outcome is its images' decisions folded by {@link StudyAggregation}, the one
 *       study-aggregation rule: the most severe wins, ties keep the first.
 *   <li>Anti-starvation: a ROUTINE study that waited longer than the wait-time cap (a review-lane
 *       study: past its review deadline) is promoted to URGENT, unless a person chose its priority.
 * </ul>
 */
public final class ReprioritizationPolicy {

    public PolicyResult apply(StudyState state, Triage decision) {
        Objects.requireNonNull(state, "state");
        WorklistPriority target = targetPriority(decision);
        boolean raises = target != null && target.compareTo(state.priority()) > 0;
        WorklistPriority priority = raises ? target : state.priority();
        PrioritySource source = raises ? PrioritySource.MODEL : state.source();
        boolean adopts = StudyAggregation.takesOver(state.outcome(), decision);
        Triage outcome = adopts ? decision : state.outcome();
        boolean needsReview = state.needsReview() || decision == Triage.REVIEW;
        return new PolicyResult(priority, source, outcome, needsReview, adopts);
    }

    /** The priority a decision asks for, or null when it asks for no change. */
    private static WorklistPriority targetPriority(Triage decision) {
        return switch (decision) {
            case ESCALATE -> WorklistPriority.URGENT;
            case REVIEW, ROUTINE, NOT_SCORED -> null;
        };
    }

    /**
     * The wait-time cap. Promotes a ROUTINE study to URGENT when it has waited at least {@code limit};
     * returns empty when nothing changes. A priority a person chose is left alone (a person already
     * decided how urgent it is, and promoting it again after they lowered it would overrule them),
     * and nothing is ever lowered. A zero or negative {@code limit} turns the cap off.
     *
     * @param waited how long the study has waited: since arrival, or since it was flagged for review
     * @param limit the wait-time cap, or the review deadline for a review-lane study
     */
    public Optional<PolicyResult> promoteIfWaitedTooLong(StudyState state, Duration waited, Duration limit) {
        Objects.requireNonNull(state, "state");
        if (limit.isZero()
                || limit.isNegative()
                || waited.compareTo(limit) < 0
                || state.priority() != WorklistPriority.ROUTINE
                || state.source() == PrioritySource.HUMAN) {
            return Optional.empty();
        }
        return Optional.of(new PolicyResult(
                WorklistPriority.URGENT, PrioritySource.WAIT_CAP, state.outcome(), state.needsReview(), false));
    }

    /**
     * A person's priority always wins: people may lower what the model raised, because the reading
     * radiologist has the final word; only the model is forbidden to lower anything.
     */
    public PolicyResult setByPerson(StudyState state, WorklistPriority requested) {
        Objects.requireNonNull(requested, "requested");
        return new PolicyResult(requested, PrioritySource.HUMAN, state.outcome(), state.needsReview(), false);
    }
}
