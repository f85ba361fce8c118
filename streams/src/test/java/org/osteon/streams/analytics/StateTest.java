package org.osteon.streams.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.osteon.events.FeedbackVerdict;
import org.osteon.events.Triage;

/** The state the analytics keep between records: counts, confusion, percentiles, and their stored form. */
class StateTest {

    @Test
    void shouldMapVerdictsOntoTheConfusionMatrixWithEscalationAsThePositiveCall() {
        Confusion c = Confusion.NONE
                .plus("ESCALATE", FeedbackVerdict.CONFIRM)
                .plus("ESCALATE", FeedbackVerdict.CONFIRM)
                .plus("ESCALATE", FeedbackVerdict.REJECT)
                .plus("ROUTINE", FeedbackVerdict.REJECT)
                .plus("REVIEW", FeedbackVerdict.CONFIRM)
                .plus("NOT_SCORED", FeedbackVerdict.CONFIRM)
                .plus("SOMETHING_NEW", FeedbackVerdict.REJECT);
        assertThat(c).isEqualTo(new Confusion(2, 1, 1, 2));
        assertThat(c.ppv()).isEqualTo(2.0 / 3);
        assertThat(c.sensitivity()).isEqualTo(2.0 / 3);
        assertThat(Confusion.counts("SOMETHING_NEW")).isFalse();
    }

    @Test
    void shouldLeavePpvAndSensitivityUndefinedWithoutTheirDenominators() {
        Confusion negativesOnly = Confusion.NONE.plus("ROUTINE", FeedbackVerdict.CONFIRM);
        assertThat(negativesOnly.ppv()).isNull();
        assertThat(negativesOnly.sensitivity()).isNull();
        assertThat(Confusion.NONE.plus("ESCALATE", FeedbackVerdict.REJECT).sensitivity())
                .isNull();
    }

    @Test
    void shouldTakeNearestRankPercentilesOfTheLatencies() {
        WindowState w = new WindowState();
        assertThat(w.latencyPercentile(0.5)).isNull();
        for (long ms = 1; ms <= 100; ms++) {
            w.addLatency(101 - ms);
        }
        assertThat(w.latencyPercentile(0.50)).isEqualTo(50);
        assertThat(w.latencyPercentile(0.90)).isEqualTo(90);
        assertThat(w.latencyPercentile(0.99)).isEqualTo(99);
        assertThat(w.latencyPercentile(1.0)).isEqualTo(100);
    }

    @Test
    void shouldKeepABoundedSampleOfLatencies() {
        WindowState w = new WindowState();
        for (int i = 0; i < WindowState.MAX_LATENCY_SAMPLES * 3; i++) {
            w.addLatency(i % 1000);
        }
        assertThat(w.latencies).hasSize(WindowState.MAX_LATENCY_SAMPLES);
        assertThat(w.latenciesSeen).isEqualTo(WindowState.MAX_LATENCY_SAMPLES * 3L);
        // A uniform sample of a uniform 0..999 stream keeps its median near 500.
        assertThat(w.latencyPercentile(0.5)).isBetween(450L, 550L);
    }

    @Test
    void shouldSurviveTheStoreUnchanged() {
        WindowState w = new WindowState();
        w.addScore(0.05);
        w.addScore(0.95);
        w.addDecision(Triage.ESCALATE);
        w.addDecision(Triage.REVIEW);
        w.addDecision(Triage.ROUTINE);
        w.addDecision(Triage.NOT_SCORED);
        w.addFeedback("ESCALATE", FeedbackVerdict.REJECT);
        w.addLatency(1234);
        WindowState back = WindowState.decode(w.encode());
        assertThat(back.imagesScored).isEqualTo(2);
        assertThat(back.scoreBins).containsExactly(1, 0, 0, 0, 0, 0, 0, 0, 0, 1);
        assertThat(back.decisions()).isEqualTo(4);
        assertThat(back.escalated).isEqualTo(1);
        assertThat(back.notScored).isEqualTo(1);
        assertThat(back.feedback).isEqualTo(new Confusion(0, 1, 0, 0));
        assertThat(back.latencyPercentile(0.5)).isEqualTo(1234);

        SeriesState s = new SeriesState();
        s.addScore("osteon-bone-xr", 0.42, 2);
        s.addScore("osteon-bone-xr", 0.42, 2);
        s.addScore("osteon-bone-xr", 0.99, 2);
        s.addFeedback("ESCALATE", FeedbackVerdict.CONFIRM);
        SeriesState series = SeriesState.decode(s.encode());
        assertThat(series.modelName).isEqualTo("osteon-bone-xr");
        assertThat(series.referenceScores())
                .as("the reference stops at its size")
                .isEqualTo(2);
        assertThat(series.referenceBins[4]).isEqualTo(2);
        assertThat(series.cumulative).isEqualTo(new Confusion(1, 0, 0, 0));
    }

    @Test
    void shouldRefuseStateOfAnotherFormatAndSettingsThatCannotWork() {
        assertThatThrownBy(() -> WindowState.decode(new byte[] {9})).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new AnalyticsSettings(java.time.Duration.ZERO, java.time.Duration.ZERO, 1, 1, 0.2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        new AnalyticsSettings(java.time.Duration.ofMinutes(1), java.time.Duration.ZERO, 0, 1, 0.2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new SeriesKey(null, null)).isEqualTo(new SeriesKey("unknown", "none"));
        assertThat(SeriesKey.parse("site-a|1.2.3|odd")).isEqualTo(new SeriesKey("site-a", "1.2.3|odd"));
    }
}
