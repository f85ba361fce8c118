package org.osteon.streams.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PsiTest {

    @Test
    void shouldPutEachProbabilityInItsTenthAndTheEdgesInTheEndBins() {
        assertThat(Psi.bin(0.0)).isZero();
        assertThat(Psi.bin(0.0999)).isZero();
        assertThat(Psi.bin(0.1)).isEqualTo(1);
        assertThat(Psi.bin(0.95)).isEqualTo(9);
        assertThat(Psi.bin(1.0)).as("1 belongs to the last bin").isEqualTo(9);
        assertThat(Psi.bin(-0.2)).isZero();
        assertThat(Psi.bin(Double.NaN)).isZero();
    }

    @Test
    void shouldBeZeroForTheSameDistributionWhateverTheCounts() {
        int[] reference = {10, 20, 30, 40, 0, 0, 0, 0, 0, 0};
        int[] current = {1, 2, 3, 4, 0, 0, 0, 0, 0, 0};
        assertThat(Psi.of(current, reference)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void shouldMatchTheFormulaWorkedByHand() {
        // Shares 0.5/0.5 against 0.25/0.75 in two bins, the other eight empty on both sides:
        // (0.5-0.25) ln(0.5/0.25) + (0.5-0.75) ln(0.5/0.75) = 0.25 ln 2 + 0.25 ln 1.5 = 0.27465
        int[] current = {5, 5, 0, 0, 0, 0, 0, 0, 0, 0};
        int[] reference = {25, 75, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThat(Psi.of(current, reference)).isCloseTo(0.25 * Math.log(2) + 0.25 * Math.log(1.5), within(1e-9));
    }

    @Test
    void shouldStayFiniteWhenABinIsEmptyOnOneSide() {
        int[] current = {0, 0, 0, 0, 0, 0, 0, 0, 0, 10};
        int[] reference = {10, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        double psi = Psi.of(current, reference);
        assertThat(psi).isFinite().isGreaterThan(10);
        // Symmetric in the two sides, as the formula is.
        assertThat(Psi.of(reference, current)).isCloseTo(psi, within(1e-12));
    }

    @Test
    void shouldRefuseAnEmptyHistogramOrTheWrongBins() {
        assertThatThrownBy(() -> Psi.of(new int[10], new int[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Psi.of(new int[] {1}, new int[] {1})).isInstanceOf(IllegalArgumentException.class);
    }
}
