package org.osteon.worklist.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osteon.worklist.sim.QueueSimulator.Scenario;
import org.osteon.worklist.sim.QueueSimulator.StudyClass;
import org.osteon.worklist.stats.Percentiles;

/**
 * {@code ./osteon simulate}: replays a synthetic day through the real policy and prints one JSON line
 * with turnaround percentiles (minutes, arrival to read) per class and scenario. Not a Quarkus app: a
 * plain main on the adapter's classpath.
 *
 * <pre>
 * ./osteon simulate [--seed 42] [--arrivals 280] [--hours 10] [--readers 2] [--read-minutes 4.5]
 *                   [--wait-cap-minutes 60] [--review-deadline-minutes 60] [--report models/default/report.json]
 * </pre>
 */
public final class SimulateMain {

    private SimulateMain() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> options = options(args);
        JsonNode report = new ObjectMapper()
                .readTree(Path.of(options.getOrDefault("report", "models/default/report.json"))
                        .toFile());
        SimulationSettings settings = new SimulationSettings(
                Long.parseLong(options.getOrDefault("seed", "42")),
                Integer.parseInt(options.getOrDefault("arrivals", "280")),
                Double.parseDouble(options.getOrDefault("hours", "10")),
                Integer.parseInt(options.getOrDefault("readers", "2")),
                Double.parseDouble(options.getOrDefault("read-minutes", "4.5")),
                rate(report, "/test/prevalence_malignant"),
                rate(report, "/test/sensitivity_malignant"),
                rate(report, "/test/specificity_malignant"),
                rate(report, "/uncertainty/review_lane/review_rate"),
                Duration.ofMinutes(Long.parseLong(options.getOrDefault("wait-cap-minutes", "60"))),
                Duration.ofMinutes(Long.parseLong(options.getOrDefault("review-deadline-minutes", "60"))));
        System.out.println(new ObjectMapper().writeValueAsString(summary(settings)));
    }

    /** The JSON line: settings, then p50/p90/p99 per class for each scenario. */
    public static Map<String, Object> summary(SimulationSettings settings) {
        QueueSimulator simulator = new QueueSimulator();
        Map<String, Object> scenarios = new LinkedHashMap<>();
        for (Scenario scenario : Scenario.values()) {
            Map<String, Object> classes = new LinkedHashMap<>();
            simulator.run(settings, scenario).forEach((c, seconds) -> classes.put(name(c), percentiles(seconds)));
            scenarios.put(scenario.name().toLowerCase(Locale.ROOT), classes);
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("seed", settings.seed());
        line.put("studies", settings.arrivals());
        line.put("readers", settings.readers());
        line.put("read_minutes_mean", settings.meanReadMinutes());
        line.put("wait_cap_minutes", settings.waitCap().toMinutes());
        line.put("review_deadline_minutes", settings.reviewDeadline().toMinutes());
        line.put("turnaround_minutes", scenarios);
        line.put("provenance", "synthetic day; research prototype, NOT FOR CLINICAL USE");
        return line;
    }

    private static String name(StudyClass c) {
        return c.name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> percentiles(List<Long> seconds) {
        Percentiles p = Percentiles.of(seconds);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("n", seconds.size());
        out.put("p50", minutes(p.at(50)));
        out.put("p90", minutes(p.at(90)));
        out.put("p99", minutes(p.at(99)));
        return out;
    }

    private static double minutes(long seconds) {
        return Math.round(seconds / 6.0) / 10.0;
    }

    private static double rate(JsonNode report, String pointer) {
        JsonNode value = report.at(pointer);
        if (!value.isNumber()) {
            throw new IllegalArgumentException("report.json has no number at " + pointer);
        }
        return value.asDouble();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
