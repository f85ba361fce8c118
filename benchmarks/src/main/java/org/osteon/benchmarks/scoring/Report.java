package org.osteon.benchmarks.scoring;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osteon.benchmarks.scoring.PartitionsBench.Cell;
import org.osteon.benchmarks.scoring.PartitionsBench.Options;

/** {@link PartitionsBench}'s output: a table per path for people, one JSON line for the record. */
final class Report {

    private Report() {}

    /**
     * Rows are partitions, columns instances; each entry records/s (median of the repeats) and its speed-up
     * over the cell with the fewest partitions and instances (P=1, C=1 in the default matrix).
     */
    static String table(String path, List<Cell> cells, int[] partitions, int[] instances) {
        Cell base = cells.stream()
                .min(java.util.Comparator.comparingInt(Cell::partitions).thenComparingInt(Cell::instances))
                .orElse(null);
        StringBuilder s = new StringBuilder(String.format(
                Locale.ROOT,
                "%n%s: records/s (x speed-up over P=%d C=%d)%n",
                path,
                base == null ? 0 : base.partitions(),
                base == null ? 0 : base.instances()));
        s.append(String.format(Locale.ROOT, "%-6s", "P \\ C"));
        for (int c : instances) {
            s.append(String.format(Locale.ROOT, "%20s", "C=" + c));
        }
        s.append('\n');
        double reference = base == null ? Double.NaN : base.perSecond();
        for (int p : partitions) {
            s.append(String.format(Locale.ROOT, "%-6s", "P=" + p));
            for (int c : instances) {
                Cell cell = find(cells, p, c);
                s.append(
                        cell == null
                                ? String.format(Locale.ROOT, "%20s", "-")
                                : String.format(
                                        Locale.ROOT,
                                        "%20s",
                                        String.format(
                                                Locale.ROOT,
                                                "%.1f (x%.2f)",
                                                cell.perSecond(),
                                                cell.perSecond() / reference)));
            }
            s.append('\n');
        }
        return s.toString();
    }

    static String json(
            Options o, Map<String, List<Cell>> results, long objectBytesMean, double loadStart, double loadEnd) {
        StringBuilder s = new StringBuilder(String.format(
                Locale.ROOT,
                "{\"bench\": \"partitions\", \"cores\": %d, \"load_avg_1m\": {\"start\": %.2f, \"end\": %.2f},"
                        + " \"scoring_images\": %d, \"scoring_max_batch\": %d, \"threads_per_scoring_instance\": %d,"
                        + " \"pass_through_records\": %d, \"pass_through_batch\": %d, \"dicom_dir\": \"%s\","
                        + " \"objects\": %d, \"object_bytes_mean\": %d, \"repeats\": %d",
                Runtime.getRuntime().availableProcessors(),
                loadStart,
                loadEnd,
                o.images,
                o.maxBatch,
                o.threads,
                o.records,
                o.passThroughBatch,
                o.dicomDir.getFileName(),
                o.objects,
                objectBytesMean,
                o.repeats));
        for (var e : results.entrySet()) {
            s.append(", \"").append(e.getKey().replace('-', '_')).append("\": [");
            String sep = "";
            for (Cell c : e.getValue()) {
                s.append(sep)
                        .append(String.format(
                                Locale.ROOT,
                                "{\"p\": %d, \"c\": %d, \"per_s\": %.1f, \"during_load\": %d, \"drain_s\": %.3f, \"load_1m\": %.2f, \"active\": %d, \"runs\": %s%s}",
                                c.partitions(),
                                c.instances(),
                                c.perSecond(),
                                c.duringLoad(),
                                c.seconds(),
                                c.load1m(),
                                c.active(),
                                c.runs().stream()
                                        .map(r -> String.format(Locale.ROOT, "%.1f", r))
                                        .toList(),
                                stages(c.stageMsPerRecord())));
                sep = ", ";
            }
            s.append(']');
        }
        return s.append('}').toString();
    }

    /** Each stage's milliseconds per record, summed over the cell's instances (stages overlap in time). */
    private static String stages(Map<String, Double> perRecord) {
        if (perRecord.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder(", \"stage_ms_per_record\": {");
        String sep = "";
        for (var e : perRecord.entrySet()) {
            s.append(String.format(Locale.ROOT, "%s\"%s\": %.3f", sep, e.getKey(), e.getValue()));
            sep = ", ";
        }
        return s.append('}').toString();
    }

    private static Cell find(List<Cell> cells, int p, int c) {
        return cells.stream()
                .filter(x -> x.partitions() == p && x.instances() == c)
                .findFirst()
                .orElse(null);
    }
}
