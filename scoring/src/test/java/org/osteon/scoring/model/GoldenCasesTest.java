package org.osteon.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * golden.json's cam_sum is held to the map's L1 norm, so a map whose cells cancel is not refused for rounding, and
 * the norm is itself compared, so it cannot loosen the check.
 */
class GoldenCasesTest {

    private static final double TOLERANCE = 1e-4;

    @Test
    void shouldCompareCamSumAndNormRelativeToTheNorm(@TempDir Path dir) throws Exception {
        GoldenCases.Case cancelling = load(dir, "\"cam_sum\": 2.1157, \"cam_abs_sum\": 372.6");
        // two float32 runtimes summing cells of +-14 disagree by 4e-4 on a sum of 2: rounding, not a model change
        assertThat(cancelling.camSumDiff(2.1153, 372.6)).isCloseTo(0.0004 / 372.6, within(1e-9));
        assertThat(cancelling.camSumDiff(2.1157 + 0.4, 372.6)).isGreaterThan(10 * TOLERANCE);
        assertThat(cancelling.camSumDiff(-2.1157, 372.6)).isGreaterThan(TOLERANCE);
        assertThat(cancelling.camSumDiff(2.1157, 372.6 * 1.01)).isGreaterThan(10 * TOLERANCE);
        assertThat(cancelling.camSumDiff(Double.NaN, 372.6)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(cancelling.camSumDiff(2.1157, Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void shouldCompareTheSumAloneInGoldensWrittenBeforeTheNorm(@TempDir Path dir) throws Exception {
        GoldenCases.Case older = load(dir, "\"cam_sum\": 50.0");
        assertThat(older.camAbsSum()).isNull();
        assertThat(older.camSumDiff(50.5, 9999.0)).isCloseTo(0.01, within(1e-12));
    }

    @Test
    void shouldRefuseANormNoMapCouldHave(@TempDir Path dir) throws Exception {
        for (String bad : new String[] {"1.0", "\"372.6\"", "\"NaN\"", "1e999"}) {
            assertThatThrownBy(() -> load(dir, "\"cam_sum\": -2.5, \"cam_abs_sum\": " + bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cam_abs_sum");
        }
    }

    private static GoldenCases.Case load(Path dir, String camFields) throws Exception {
        Files.write(dir.resolve("a.input.f32"), new byte[16]);
        Files.writeString(dir.resolve("golden.json"), """
                {"tolerance": {"input": 1e-4, "outputs": 1e-4}, "cases": [
                  {"file": "a.dcm", "input": "a.input.f32", "outputs": {"probs": [0.2, 0.3, 0.5],
                   "spread": [0, 0, 0], "uncertainty": 0.5, %s}}]}
                """.formatted(camFields), StandardCharsets.UTF_8);
        return GoldenCases.load(dir).cases().get(0);
    }
}
