package org.osteon.worklist.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.osteon.events.Triage.ESCALATE;
import static org.osteon.events.Triage.NOT_SCORED;
import static org.osteon.events.Triage.REVIEW;
import static org.osteon.events.Triage.ROUTINE;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.osteon.events.Triage;

/** The one study-aggregation rule; the cases of the former streams StudyAggregateStepTest live here. */
class StudyAggregationTest {

    /** One image decision of a study. */
    private record Image(String instanceKey, Triage decision) {}

    /** Folds a study's image decisions in arrival order, as the worklist does; returns the deciding image. */
    private static Image fold(Image... images) {
        Image deciding = null;
        for (Image image : images) {
            if (StudyAggregation.takesOver(deciding == null ? null : deciding.decision(), image.decision())) {
                deciding = image;
            }
        }
        return deciding;
    }

    @Test
    void shouldEscalateAStudyOnceAnyImageEscalates() {
        assertThat(fold(new Image("img-1", ROUTINE))).isEqualTo(new Image("img-1", ROUTINE));

        Image deciding = fold(new Image("img-1", ROUTINE), new Image("img-2", ESCALATE));

        assertThat(deciding).isEqualTo(new Image("img-2", ESCALATE));
    }

    @Test
    void shouldNotLetAnUnsureViewTakeAnEscalatedStudyDown() {
        Image deciding = fold(new Image("img-1", ROUTINE), new Image("img-2", ESCALATE), new Image("img-3", REVIEW));

        assertThat(deciding).isEqualTo(new Image("img-2", ESCALATE));
    }

    @Test
    void shouldSendAStudyToReviewWhenOneViewIsUncertain() {
        assertThat(fold(new Image("img-1", ROUTINE), new Image("img-2", REVIEW)).decision())
                .isEqualTo(REVIEW);
        assertThat(fold(new Image("img-1", REVIEW), new Image("img-2", ROUTINE)).decision())
                .isEqualTo(REVIEW);
    }

    @Test
    void shouldNeverLowerAStudyWhenAnImageIsRescoredLower() {
        // The outcome only rises: a re-scored image cannot take an escalated study off the top.
        Image deciding = fold(new Image("img-1", ESCALATE), new Image("img-1", ROUTINE));

        assertThat(deciding).isEqualTo(new Image("img-1", ESCALATE));
    }

    @Test
    void shouldRankEscalateAboveReviewAboveRoutineAboveNotScored() {
        List<Triage> mostSevereFirst = List.of(ESCALATE, REVIEW, ROUTINE, NOT_SCORED);
        assertThat(mostSevereFirst).containsExactlyInAnyOrder(Triage.values());
        for (int i = 0; i + 1 < mostSevereFirst.size(); i++) {
            Triage higher = mostSevereFirst.get(i);
            Triage lower = mostSevereFirst.get(i + 1);
            assertThat(StudyAggregation.severity(higher)).isGreaterThan(StudyAggregation.severity(lower));
            assertThat(StudyAggregation.takesOver(lower, higher))
                    .as("%s over %s", higher, lower)
                    .isTrue();
            assertThat(StudyAggregation.takesOver(higher, lower))
                    .as("%s over %s", lower, higher)
                    .isFalse();
        }
    }

    @Test
    void shouldReachTheSameOutcomeInAnyArrivalOrder() {
        for (List<Triage> order : permutations(List.of(ROUTINE, ESCALATE, NOT_SCORED, REVIEW))) {
            Image[] images = order.stream().map(d -> new Image("img-" + d, d)).toArray(Image[]::new);
            assertThat(fold(images).decision()).as("order %s", order).isEqualTo(ESCALATE);
        }
        assertThat(fold(new Image("img-1", NOT_SCORED), new Image("img-2", ROUTINE))
                        .decision())
                .isEqualTo(ROUTINE);
        assertThat(fold(new Image("img-1", ROUTINE), new Image("img-2", NOT_SCORED))
                        .decision())
                .isEqualTo(ROUTINE);
    }

    @Test
    void shouldKeepTheFirstImageOnATie() {
        Image deciding = fold(new Image("img-2", ESCALATE), new Image("img-1", ESCALATE));

        assertThat(deciding.instanceKey())
                .as("the first image to reach the outcome stays the deciding one")
                .isEqualTo("img-2");
    }

    @ParameterizedTest
    @EnumSource(Triage.class)
    void shouldTakeTheFirstDecisionAndIgnoreItsReplay(Triage decision) {
        assertThat(StudyAggregation.takesOver(null, decision)).isTrue();
        assertThat(StudyAggregation.takesOver(decision, decision)).isFalse();
    }

    @Test
    void shouldRefuseAMissingDecision() {
        assertThatThrownBy(() -> StudyAggregation.takesOver(null, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> StudyAggregation.severity(null)).isInstanceOf(NullPointerException.class);
    }

    private static List<List<Triage>> permutations(List<Triage> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<Triage>> all = new ArrayList<>();
        for (Triage first : items) {
            List<Triage> rest = new ArrayList<>(items);
            rest.remove(first);
            for (List<Triage> tail : permutations(rest)) {
                List<Triage> order = new ArrayList<>(List.of(first));
                order.addAll(tail);
                all.add(order);
            }
        }
        return all;
    }
}
