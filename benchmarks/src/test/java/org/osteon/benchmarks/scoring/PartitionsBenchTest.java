package org.osteon.benchmarks.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osteon.benchmarks.scoring.PartitionsBench.Cell;
import org.osteon.benchmarks.scoring.PartitionsBench.Options;

/** Keeps {@code ./osteon bench partitions}'s option parsing and report honest without running it (no broker, no model). */
class PartitionsBenchTest {

    @Test
    void optionsOverrideTheDefaultMatrixAndRefuseUnknownNames() {
        Options o = Options.parse(
                new String[] {"--partitions", "1,8", "--instances", "2", "--paths", "pass-through", "--repeats", "3"});
        assertThat(o.partitions).containsExactly(1, 8);
        assertThat(o.instances).containsExactly(2);
        assertThat(o.paths).containsExactly(PartitionsBench.PASS_THROUGH);
        assertThat(o.repeats).isEqualTo(3);
        assertThatThrownBy(() -> Options.parse(new String[] {"--partition", "1"}))
                .hasMessageContaining("unknown option");
        assertThatThrownBy(() -> Options.parse(new String[] {"--paths", "gpu"})).hasMessageContaining("--paths");
        assertThatThrownBy(() -> Options.parse(new String[] {"--instances", "0"}))
                .hasMessageContaining("positive");
    }

    @Test
    void theMedianRunIsReportedWithEveryRunsRate() {
        Cell slow = cell(100, 10.0);
        Cell middle = cell(100, 5.0);
        Cell fast = cell(100, 1.0);
        Cell m = Cell.median(List.of(fast, slow, middle));
        assertThat(m.perSecond()).isEqualTo(20.0);
        assertThat(m.runs()).containsExactly(100.0, 10.0, 20.0);
    }

    @Test
    void theTableShowsEachCellAgainstOnePartitionAndOneInstance() {
        String table = Report.table(
                "scoring", List.of(cell(1, 1, 100, 1.0), cell(2, 2, 100, 0.5)), new int[] {1, 2}, new int[] {1, 2});
        assertThat(table)
                .contains("over P=1 C=1")
                .contains("100.0 (x1.00)")
                .contains("200.0 (x2.00)")
                .contains("-");
    }

    @Test
    void withoutOnePartitionAndOneInstanceTheSmallestCellIsTheReference() {
        String table = Report.table(
                "scoring", List.of(cell(2, 2, 100, 0.5), cell(2, 1, 100, 1.0)), new int[] {2}, new int[] {1, 2});
        assertThat(table).contains("over P=2 C=1").contains("100.0 (x1.00)").contains("200.0 (x2.00)");
    }

    private static Cell cell(int records, double seconds) {
        return cell(1, 1, records, seconds);
    }

    private static Cell cell(int p, int c, int records, double seconds) {
        return new Cell(p, c, records, 0, seconds, 0.5, c, Map.of(), List.of());
    }
}
