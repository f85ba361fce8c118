package org.osteon.scoring.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class UncertaintyComponentsTest {

    @Test
    void shouldRecomputeTheNormalisedEntropyAndReportNoOodTermWhenTheEntropySetTheScore() {
        Map<String, Double> c = UncertaintyComponents.of(
                new double[] {0.5, 0.5, 0.0}, new double[] {0.1, 0.2, 0.3}, Math.log(2) / Math.log(3));
        assertThat(c.get("entropy")).isCloseTo(Math.log(2) / Math.log(3), within(1e-12));
        assertThat(c.get("ensemble_spread")).isCloseTo(0.2, within(1e-12));
        assertThat(c).doesNotContainKey("ood");
    }

    @Test
    void shouldNameTheOodTermWhenTheScoreIsAboveTheEntropy() {
        Map<String, Double> c = UncertaintyComponents.of(new double[] {1.0, 0.0, 0.0}, new double[] {0, 0, 0}, 0.9);
        assertThat(c.get("entropy")).isEqualTo(0.0);
        assertThat(c.get("ood")).isEqualTo(0.9);
    }
}
