package org.osteon.worklist.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osteon.events.Triage.ESCALATE;
import static org.osteon.events.Triage.NOT_SCORED;
import static org.osteon.events.Triage.REVIEW;
import static org.osteon.events.Triage.ROUTINE;
import static org.osteon.events.WorklistPriority.STAT;
import static org.osteon.events.WorklistPriority.URGENT;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.osteon.events.Triage;
import org.osteon.events.WorklistPriority;

class ReprioritizationPolicyTest {

    private final ReprioritizationPolicy policy = new ReprioritizationPolicy();

    @Test
    void shouldRaiseARoutineStudyToUrgentOnEscalate() {
        PolicyResult result = policy.apply(StudyState.initial(), ESCALATE);

        assertThat(result.priority()).isEqualTo(URGENT);
        assertThat(result.source()).isEqualTo(PrioritySource.MODEL);
        assertThat(result.outcome()).isEqualTo(ESCALATE);
        assertThat(result.needsReview()).isFalse();
        assertThat(result.adoptsDecision()).isTrue();
    }

    @Test
    void shouldFlagReviewWithoutChangingThePriority() {
        PolicyResult result = policy.apply(StudyState.initial(), REVIEW);

        assertThat(result.priority()).isEqualTo(WorklistPriority.ROUTINE);
        assertThat(result.source()).isEqualTo(PrioritySource.DEFAULT);
        assertThat(result.needsReview()).isTrue();
        assertThat(result.outcome()).isEqualTo(REVIEW);
    }

    @ParameterizedTest
    @EnumSource(
            value = Triage.class,
            names = {"ROUTINE", "NOT_SCORED"})
    void shouldLeaveThePriorityAloneForRoutineAndNotScored(Triage decision) {
        PolicyResult result = policy.apply(StudyState.initial(), decision);

        assertThat(result.priority()).isEqualTo(WorklistPriority.ROUTINE);
        assertThat(result.source()).isEqualTo(PrioritySource.DEFAULT);
        assertThat(result.needsReview()).isFalse();
        assertThat(result.outcome()).isEqualTo(decision);
        // The row shows the decision's reason (for NOT_SCORED: why it was not scored).
        assertThat(result.adoptsDecision()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Triage.class)
    void shouldNeverLowerAPriorityAPersonSet(Triage decision) {
        StudyState setByPerson = policy.setByPerson(StudyState.initial(), STAT).asState();

        PolicyResult result = policy.apply(setByPerson, decision);

        assertThat(result.priority()).isEqualTo(STAT);
        assertThat(result.source()).isEqualTo(PrioritySource.HUMAN);
    }

    @Test
    void shouldRaiseAboveARoutinePriorityAPersonSetWhenEscalated() {
        StudyState setByPerson = policy.setByPerson(StudyState.initial(), WorklistPriority.ROUTINE)
                .asState();

        PolicyResult result = policy.apply(setByPerson, ESCALATE);

        assertThat(result.priority()).isEqualTo(URGENT);
        assertThat(result.source()).isEqualTo(PrioritySource.MODEL);
    }

    @Test
    void shouldKeepAPersonsUrgentMarkedHumanOnEscalate() {
        StudyState setByPerson =
                policy.setByPerson(StudyState.initial(), URGENT).asState();

        PolicyResult result = policy.apply(setByPerson, ESCALATE);

        assertThat(result.priority()).isEqualTo(URGENT);
        assertThat(result.source()).isEqualTo(PrioritySource.HUMAN);
    }

    @Test
    void shouldNeverLowerAPriorityTheModelRaised() {
        StudyState escalated = policy.apply(StudyState.initial(), ESCALATE).asState();

        for (Triage later : Triage.values()) {
            assertThat(policy.apply(escalated, later).priority()).isEqualTo(URGENT);
        }
    }

    @Test
    void shouldKeepTheMostSevereOutcomeAmongImagesInAnyOrder() {
        List<List<Triage>> orders = List.of(
                List.of(ROUTINE, ESCALATE, NOT_SCORED, REVIEW),
                List.of(ESCALATE, REVIEW, ROUTINE, NOT_SCORED),
                List.of(NOT_SCORED, ROUTINE, REVIEW, ESCALATE));
        for (List<Triage> order : orders) {
            StudyState state = StudyState.initial();
            for (Triage decision : order) {
                state = policy.apply(state, decision).asState();
            }
            assertThat(state.outcome()).as("order %s", order).isEqualTo(ESCALATE);
            assertThat(state.priority()).isEqualTo(URGENT);
            assertThat(state.needsReview()).isTrue();
        }
    }

    @Test
    void shouldNotAdoptALessSevereDecisionAsTheStudyOutcome() {
        StudyState review = policy.apply(StudyState.initial(), REVIEW).asState();

        PolicyResult routine = policy.apply(review, ROUTINE);

        assertThat(routine.outcome()).isEqualTo(REVIEW);
        assertThat(routine.adoptsDecision()).isFalse();
        assertThat(routine.needsReview()).isTrue();
    }

    @Test
    void shouldRankRoutineAboveNotScored() {
        StudyState notScored = policy.apply(StudyState.initial(), NOT_SCORED).asState();

        assertThat(policy.apply(notScored, ROUTINE).outcome()).isEqualTo(ROUTINE);
        assertThat(policy.apply(policy.apply(StudyState.initial(), ROUTINE).asState(), NOT_SCORED)
                        .outcome())
                .isEqualTo(ROUTINE);
    }

    @ParameterizedTest
    @EnumSource(Triage.class)
    void shouldChangeNothingWhenTheSameDecisionIsAppliedAgain(Triage decision) {
        StudyState once = policy.apply(StudyState.initial(), decision).asState();

        PolicyResult twice = policy.apply(once, decision);

        assertThat(twice.asState()).isEqualTo(once);
        assertThat(twice.adoptsDecision()).isFalse();
    }

    @Test
    void shouldLetAPersonLowerWhatTheModelRaised() {
        StudyState escalated = policy.apply(StudyState.initial(), ESCALATE).asState();

        PolicyResult result = policy.setByPerson(escalated, WorklistPriority.ROUTINE);

        assertThat(result.priority()).isEqualTo(WorklistPriority.ROUTINE);
        assertThat(result.source()).isEqualTo(PrioritySource.HUMAN);
        assertThat(result.outcome()).isEqualTo(ESCALATE);
    }

    private static final Duration CAP = Duration.ofHours(2);

    @Test
    void shouldPromoteAStudyThatWaitedPastTheCap() {
        StudyState routine = policy.apply(StudyState.initial(), ROUTINE).asState();

        PolicyResult result = policy.promoteIfWaitedTooLong(routine, CAP, CAP).orElseThrow();

        assertThat(result.priority()).isEqualTo(URGENT);
        assertThat(result.source()).isEqualTo(PrioritySource.WAIT_CAP);
        assertThat(result.outcome()).isEqualTo(ROUTINE);
        assertThat(result.adoptsDecision()).isFalse();
    }

    @Test
    void shouldNotPromoteBeforeTheCapOrWhenTheCapIsOff() {
        assertThat(policy.promoteIfWaitedTooLong(StudyState.initial(), CAP.minusSeconds(1), CAP))
                .isEmpty();
        assertThat(policy.promoteIfWaitedTooLong(StudyState.initial(), Duration.ofDays(3), Duration.ZERO))
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(
            value = WorklistPriority.class,
            names = {"URGENT", "STAT"})
    void shouldNeverChangeAStudyAboveRoutineOnTheCap(WorklistPriority priority) {
        StudyState high = new StudyState(priority, PrioritySource.MODEL, ESCALATE, false);

        assertThat(policy.promoteIfWaitedTooLong(high, Duration.ofDays(1), CAP)).isEmpty();
    }

    @Test
    void shouldLeaveARoutinePriorityAPersonChoseAloneOnTheCap() {
        StudyState loweredByPerson = policy.setByPerson(
                        policy.apply(StudyState.initial(), ESCALATE).asState(), WorklistPriority.ROUTINE)
                .asState();

        assertThat(policy.promoteIfWaitedTooLong(loweredByPerson, Duration.ofDays(1), CAP))
                .isEmpty();
    }

    @Test
    void shouldKeepTheReviewFlagWhenAReviewLaneStudyIsPromotedAtItsDeadline() {
        StudyState review = policy.apply(StudyState.initial(), REVIEW).asState();

        PolicyResult result = policy.promoteIfWaitedTooLong(review, Duration.ofHours(1), Duration.ofHours(1))
                .orElseThrow();

        assertThat(result.priority()).isEqualTo(URGENT);
        assertThat(result.needsReview()).isTrue();
        assertThat(result.outcome()).isEqualTo(REVIEW);
    }

    @Test
    void shouldNotLetAPromotedStudyBeLoweredByALaterDecision() {
        StudyState promoted = policy.promoteIfWaitedTooLong(StudyState.initial(), CAP, CAP)
                .orElseThrow()
                .asState();

        for (Triage later : Triage.values()) {
            assertThat(policy.apply(promoted, later).priority()).isEqualTo(URGENT);
        }
    }
}
