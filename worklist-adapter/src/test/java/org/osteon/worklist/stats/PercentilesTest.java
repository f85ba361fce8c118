package org.osteon.worklist.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.osteon.events.Triage;

class PercentilesTest {

    @Test
    void shouldUseNearestRankOnOneToHundred() {
        List<Long> values =
                new ArrayList<>(LongStream.rangeClosed(1, 100).boxed().toList());
        Collections.shuffle(values);

        Percentiles percentiles = Percentiles.of(values);

        assertThat(percentiles.at(50)).isEqualTo(50);
        assertThat(percentiles.at(99)).isEqualTo(99);
        assertThat(percentiles.at(100)).isEqualTo(100);
        assertThat(percentiles.max()).isEqualTo(100);
    }

    @Test
    void shouldReportRealValuesForSmallSamples() {
        Percentiles percentiles = Percentiles.of(List.of(40L, 10L, 30L, 20L));

        assertThat(percentiles.at(50)).isEqualTo(20);
        assertThat(percentiles.at(99)).isEqualTo(40);
        assertThat(percentiles.max()).isEqualTo(40);
    }

    @Test
    void shouldGiveTheOnlyValueForEveryPercentileOfOne() {
        Percentiles percentiles = Percentiles.of(List.of(7L));

        assertThat(percentiles.at(1)).isEqualTo(7);
        assertThat(percentiles.at(50)).isEqualTo(7);
        assertThat(percentiles.at(99)).isEqualTo(7);
    }

    @Test
    void shouldReportZeroWhenThereAreNoOutcomes() {
        WorklistStats stats = WorklistStats.of(3, 0, Map.of(Triage.ESCALATE, 0L), List.of());

        assertThat(stats.latencyP50()).isZero();
        assertThat(stats.latencyP99()).isZero();
        assertThat(stats.latencyMax()).isZero();
    }

    @Test
    void shouldRejectPercentilesOutsideTheRange() {
        Percentiles percentiles = Percentiles.of(List.of(1L));

        assertThatThrownBy(() -> percentiles.at(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> percentiles.at(101)).isInstanceOf(IllegalArgumentException.class);
    }
}
