package org.osteon.testsupport.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Each image's trace, rebuilt from the span lines the services log ({@code span trace=… stage=…
 * start_us=… dur_us=…}, platform's {@code SpanLog}), and the latency budget they give: end to end from
 * the start of {@code receipt} to the end of {@code worklist.commit}, each stage's duration (a stage seen
 * twice in one trace, as after an aborted transaction, counts its sum), and the coverage, the sum of the
 * stages over the end-to-end time.
 */
final class LatencyBudget {

    /** The stages in the order an image passes them (platform's {@code Stage}). */
    static final List<String> STAGES = List.of(
            "receipt",
            "deid.queue",
            "deid",
            "scoring.queue",
            "scoring.batch",
            "scoring.inference",
            "scoring.wait",
            "gate.queue",
            "gate",
            "worklist.queue",
            "worklist.commit");

    private static final Pattern SPAN =
            Pattern.compile("span trace=([0-9a-f]{32}) stage=(\\S+) start_us=(\\d+) dur_us=(\\d+)");

    /** One image from receipt to worklist commit: start (epoch µs), end-to-end and per-stage µs. */
    record Trace(long startUs, long endToEndUs, Map<String, Long> stageUs) {
        double coverage() {
            return stageUs.values().stream().mapToLong(Long::longValue).sum() / (double) Math.max(1, endToEndUs);
        }
    }

    private LatencyBudget() {}

    /** The complete traces (a receipt and a worklist commit) in the given logs. */
    static List<Trace> read(List<Path> logs) throws IOException {
        Map<String, List<long[]>> starts = new HashMap<>();
        Map<String, Map<String, Long>> stages = new HashMap<>();
        Map<String, long[]> bounds = new HashMap<>();
        for (Path log : logs) {
            if (!Files.exists(log)) {
                continue;
            }
            try (Stream<String> lines = Files.lines(log)) {
                lines.forEach(line -> {
                    Matcher m = SPAN.matcher(line);
                    if (!m.find()) {
                        return;
                    }
                    String trace = m.group(1);
                    String stage = m.group(2);
                    long start = Long.parseLong(m.group(3));
                    long duration = Long.parseLong(m.group(4));
                    stages.computeIfAbsent(trace, t -> new HashMap<>()).merge(stage, duration, Long::sum);
                    long[] b = bounds.computeIfAbsent(trace, t -> new long[] {-1, -1});
                    if (stage.equals("receipt")) {
                        b[0] = start;
                    } else if (stage.equals("worklist.commit")) {
                        b[1] = Math.max(b[1], start + duration);
                    }
                });
            }
        }
        List<Trace> traces = new ArrayList<>();
        bounds.forEach((trace, b) -> {
            if (b[0] >= 0 && b[1] >= 0) {
                traces.add(new Trace(b[0], b[1] - b[0], stages.get(trace)));
            }
        });
        traces.sort((a, b) -> Long.compare(a.startUs(), b.startUs()));
        return traces;
    }

    /** Nearest-rank percentile of {@code values} in ms (q in 0..1); NaN when empty. */
    static double percentileMs(long[] valuesUs, double q) {
        if (valuesUs.length == 0) {
            return Double.NaN;
        }
        long[] sorted = valuesUs.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1000.0;
    }

    /** The JSON object of one phase: count, end-to-end p50/p90/p99, each stage's p50/p99, coverage. */
    static String json(List<Trace> traces) {
        if (traces.isEmpty()) {
            return "{\"images\": 0}";
        }
        long[] e2e = traces.stream().mapToLong(Trace::endToEndUs).toArray();
        Map<String, String> stages = new LinkedHashMap<>();
        String slowest = null;
        double slowestP99 = -1;
        for (String stage : STAGES) {
            long[] d = traces.stream()
                    .mapToLong(t -> t.stageUs().getOrDefault(stage, 0L))
                    .toArray();
            double p99 = percentileMs(d, 0.99);
            if (p99 > slowestP99) {
                slowestP99 = p99;
                slowest = stage;
            }
            stages.put(stage, String.format(Locale.ROOT, "{\"p50\": %.1f, \"p99\": %.1f}", percentileMs(d, 0.5), p99));
        }
        double[] coverage =
                traces.stream().mapToDouble(Trace::coverage).sorted().toArray();
        return String.format(
                Locale.ROOT,
                "{\"images\": %d, \"e2e_ms\": {\"p50\": %.0f, \"p90\": %.0f, \"p99\": %.0f, \"max\": %.0f},"
                        + " \"stages_ms\": {%s}, \"slowest_stage_p99\": \"%s\","
                        + " \"coverage\": {\"median\": %.3f, \"min\": %.3f}}",
                traces.size(),
                percentileMs(e2e, 0.5),
                percentileMs(e2e, 0.9),
                percentileMs(e2e, 0.99),
                percentileMs(e2e, 1.0),
                stages.entrySet().stream()
                        .map(e -> "\"" + e.getKey() + "\": " + e.getValue())
                        .collect(Collectors.joining(", ")),
                slowest,
                coverage[coverage.length / 2],
                coverage[0]);
    }
}
