package org.osteon.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** golden.json's cam_sum is held to the map's L1 norm, so a map whose cells cancel is not refused for rounding. */
class GoldenCasesTest {

    @Test
    void shouldCompareCamSumRelativeToTheMapsL1Norm(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("a.input.f32"), new byte[16]);
        Files.writeString(dir.resolve("golden.json"), """
                {"tolerance": {"input": 1e-4, "outputs": 1e-4}, "cases": [
                  {"file": "a.dcm", "input": "a.input.f32", "outputs": {"probs": [0.2, 0.3, 0.5],
                   "spread": [0, 0, 0], "uncertainty": 0.5, "cam_sum": 2.1157, "cam_abs_sum": 372.6}},
                  {"file": "b.dcm", "input": "a.input.f32", "outputs": {"probs": [0.2, 0.3, 0.5],
                   "spread": [0, 0, 0], "uncertainty": 0.5, "cam_sum": 50.0}}]}
                """, StandardCharsets.UTF_8);
        GoldenCases golden = GoldenCases.load(dir);
        GoldenCases.Case cancelling = golden.cases().get(0);
        // two float32 runtimes summing cells of +-14 disagree by 4e-4 on a sum of 2: rounding, not a model change
        assertThat(cancelling.camSumDiff(2.1153)).isCloseTo(0.0004 / 372.6, within(1e-9));
        assertThat(cancelling.camSumDiff(2.1157 + 0.04)).isGreaterThan(golden.outputTolerance());
        GoldenCases.Case older = golden.cases().get(1); // written before cam_abs_sum: relative to |cam_sum|
        assertThat(older.camAbsSum()).isEqualTo(50.0);
        assertThat(older.camSumDiff(50.5)).isCloseTo(0.01, within(1e-12));
    }
}
