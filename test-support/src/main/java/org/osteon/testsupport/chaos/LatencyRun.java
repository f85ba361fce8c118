package org.osteon.testsupport.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./osteon bench latency --rate R --minutes M [--burst N]}: the latency budget, stage by stage.
 * The soak's six processes (each service logging its spans), new single-image studies at a steady rate
 * for M minutes, then, with {@code --burst N}, N more sent at once (10 associations at a time) to the
 * warm stack. When every image has its worklist outcome, each image's trace is rebuilt from the span
 * lines of the four services' logs ({@link LatencyBudget}) and one JSON line is printed: receipt to
 * worklist commit p50/p90/p99 and each stage's p50/p99, for the warm-up (images received in the first
 * {@code --warm-up-s}, default 60 s), the steady rest, and the burst, apart; and the coverage of each.
 */
public final class LatencyRun {

    private static final int BURST_ASSOCIATIONS = 10;

    private LatencyRun() {}

    public static void main(String... args) throws Exception {
        var options = ChaosRun.options(
                "./osteon bench latency [--rate 5] [--minutes 5] [--burst 0] [--warm-up-s 60] [--work DIR]", args);
        double rate = Double.parseDouble(options.getOrDefault("rate", "5"));
        double minutes = Double.parseDouble(options.getOrDefault("minutes", "5"));
        int burst = Integer.parseInt(options.getOrDefault("burst", "0"));
        long warmUpUs = TimeUnit.SECONDS.toMicros(Long.parseLong(options.getOrDefault("warm-up-s", "60")));
        Path root = Path.of(System.getenv().getOrDefault("OSTEON_ROOT", ".")).toAbsolutePath();
        Path work = root.resolve(options.getOrDefault("work", ".osteon/bench-latency"))
                .toAbsolutePath();
        int steady = (int) Math.ceil(minutes * 60 * rate);
        ChaosRun.prepare(work);
        String secret = java.util.Base64.getEncoder().encodeToString(java.security.SecureRandom.getSeed(48));
        ChaosRun.log(
                "bench latency: writing %d studies (%.1f a second for %.1f minutes) and a burst of %d",
                steady, rate, minutes, burst);
        List<Path> files = ChaosRun.makeStudies(root, steady + burst, work.resolve("studies")).stream()
                .map(m -> Path.of(m[0]))
                .toList();
        ChaosRun.Stack stack = new ChaosRun.Stack(root, work, secret);
        try {
            stack.startAll();
            Outcomes outcomes = new Outcomes(stack.jdbcUrl(), "127.0.0.1:" + ChaosRun.BROKER);
            long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
            long startUs = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
            try (StudySender sender = new StudySender(ChaosRun.DICOM, "OSTEON", 2)) {
                sender.sendAll(files.subList(0, steady), rate, deadline);
            }
            await(outcomes, steady);
            long burstUs = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
            if (burst > 0) {
                try (StudySender sender = new StudySender(ChaosRun.DICOM, "OSTEON", BURST_ASSOCIATIONS)) {
                    sender.sendAll(files.subList(steady, files.size()), 1e6, deadline);
                }
                await(outcomes, steady + burst);
            }
            Thread.sleep(1_000); // the last span lines reach the log files
            List<LatencyBudget.Trace> traces = LatencyBudget.read(List.of(
                    work.resolve("logs/gateway.log"),
                    work.resolve("logs/streams.log"),
                    work.resolve("logs/scoring.log"),
                    work.resolve("logs/worklist-adapter.log")));
            List<LatencyBudget.Trace> warmUp = traces.stream()
                    .filter(t -> t.startUs() < startUs + warmUpUs)
                    .toList();
            List<LatencyBudget.Trace> steadyPart = traces.stream()
                    .filter(t -> t.startUs() >= startUs + warmUpUs && t.startUs() < burstUs)
                    .toList();
            List<LatencyBudget.Trace> burstPart =
                    traces.stream().filter(t -> t.startUs() >= burstUs).toList();
            System.out.println(String.format(
                    Locale.ROOT,
                    "{\"rate_per_s\": %.1f, \"minutes\": %.1f, \"sent\": %d, \"outcomes\": %d, \"traced\": %d,"
                            + " \"load_avg_1m\": %s, \"warm_up_s\": %d, \"warm_up\": %s, \"steady\": %s%s}",
                    rate,
                    minutes,
                    files.size(),
                    outcomes.instancesWithOutcome(),
                    traces.size(),
                    Files.readString(Path.of("/proc/loadavg")).split(" ")[0],
                    TimeUnit.MICROSECONDS.toSeconds(warmUpUs),
                    LatencyBudget.json(warmUp),
                    LatencyBudget.json(steadyPart),
                    burst > 0 ? ", \"burst\": " + LatencyBudget.json(burstPart) : ""));
        } finally {
            stack.stopAll();
        }
        System.exit(0);
    }

    private static void await(Outcomes outcomes, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (outcomes.instancesWithOutcome() < expected && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
    }
}
