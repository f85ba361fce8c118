package org.osteon.testsupport.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code ./osteon soak --minutes N}: the same six processes as the chaos run, no faults, a steady rate of
 * new studies for N minutes. Every sample interval it records each JVM's resident set (from /proc) and
 * its heap and old generation (from jstat), and the receipt-to-worklist latency of the last interval.
 * Memory is judged bounded when, for every JVM, the old generation and the resident set of the last
 * quarter of the run stay within 1.5 and 1.3 times those of the second quarter (the first is warm-up).
 * Prints one JSON line; exits 1 when memory grew past those bounds or images went missing.
 */
public final class SoakRun {

    private static final Duration SAMPLE = Duration.ofSeconds(10);
    private static final double OLD_GEN_GROWTH_LIMIT = 1.5;
    private static final double RSS_GROWTH_LIMIT = 1.3;

    private SoakRun() {}

    record Sample(long atSeconds, Map<String, long[]> memoryMb, double[] latencyMs) {}

    public static void main(String... args) throws Exception {
        Map<String, String> options =
                ChaosRun.options("./osteon soak [--minutes N] [--rate PER_SECOND] [--work DIR]", args);
        double minutes = Double.parseDouble(options.getOrDefault("minutes", "10"));
        double rate = Double.parseDouble(options.getOrDefault("rate", "3"));
        Path root = Path.of(System.getenv().getOrDefault("OSTEON_ROOT", ".")).toAbsolutePath();
        Path work = root.resolve(options.getOrDefault("work", ".osteon/soak")).toAbsolutePath();
        int studies = (int) Math.ceil(minutes * 60 * rate);
        ChaosRun.prepare(work);
        String secret = java.util.Base64.getEncoder().encodeToString(java.security.SecureRandom.getSeed(48));
        ChaosRun.log("soak: writing %d studies (%.1f a second for %.1f minutes)", studies, rate, minutes);
        List<String[]> manifest = ChaosRun.makeStudies(root, studies, work.resolve("studies"));
        ChaosRun.Stack stack = new ChaosRun.Stack(root, work, secret);
        int exit;
        try {
            stack.startAll();
            exit = soak(stack, manifest, rate);
        } finally {
            stack.stopAll();
        }
        System.exit(exit);
    }

    private static int soak(ChaosRun.Stack stack, List<String[]> manifest, double rate) throws Exception {
        Outcomes outcomes = new Outcomes(stack.jdbcUrl(), "127.0.0.1:" + ChaosRun.BROKER);
        List<Component> jvms = List.of(stack.gateway, stack.streams, stack.scoring, stack.worklist, stack.broker);
        List<Path> files = manifest.stream().map(m -> Path.of(m[0])).toList();
        List<Sample> samples = new ArrayList<>();
        ExecutorService background = Executors.newSingleThreadExecutor();
        Instant start = Instant.now();
        try (StudySender sender = new StudySender(ChaosRun.DICOM, "OSTEON", 2)) {
            Future<?> sending = background.submit(() -> {
                sender.sendAll(
                        files, rate, System.nanoTime() + Duration.ofHours(4).toNanos());
                return null;
            });
            Instant lastSample = start;
            while (!sending.isDone()) {
                Thread.sleep(SAMPLE.toMillis());
                Instant now = Instant.now();
                samples.add(new Sample(
                        Duration.between(start, now).toSeconds(),
                        memory(jvms),
                        outcomes.latencyPercentiles(lastSample)));
                lastSample = now;
                ChaosRun.log("soak: %s", describe(samples.get(samples.size() - 1)));
            }
            sending.get();
        } finally {
            background.shutdownNow();
        }
        awaitAll(outcomes, files.size());
        int withOutcome = outcomes.instancesWithOutcome();
        double[] overall = outcomes.latencyPercentiles(start);
        Map<String, double[]> growth = growth(samples, jvms);
        boolean bounded =
                growth.values().stream().allMatch(g -> g[0] <= OLD_GEN_GROWTH_LIMIT && g[1] <= RSS_GROWTH_LIMIT);
        System.out.println(json(manifest.size(), withOutcome, rate, overall, samples, growth, bounded, start));
        return bounded && withOutcome == manifest.size() ? 0 : 1;
    }

    private static void awaitAll(Outcomes outcomes, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (outcomes.instancesWithOutcome() < expected && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
    }

    /** Per JVM: resident set, heap used and old generation used, in MiB. */
    private static Map<String, long[]> memory(List<Component> jvms) {
        Map<String, long[]> memory = new LinkedHashMap<>();
        for (Component jvm : jvms) {
            long pid = jvm.pid();
            if (pid > 0) {
                long[] heap = heap(pid);
                memory.put(jvm.name(), new long[] {rssMb(pid), heap[0], heap[1]});
            }
        }
        return memory;
    }

    private static long rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // The process went away between the pid and the read; the sample says -1.
        }
        return -1;
    }

    /** Heap used and old generation used (MiB) from {@code jstat -gc}: S0U S1U EU OU, in KiB. */
    private static long[] heap(long pid) {
        try {
            String jstat =
                    Path.of(System.getProperty("java.home"), "bin", "jstat").toString();
            Process p = new ProcessBuilder(jstat, "-gc", Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            String[] lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .trim()
                    .split("\n");
            p.waitFor(10, TimeUnit.SECONDS);
            String[] header = lines[0].trim().split("\\s+");
            String[] values = lines[lines.length - 1].trim().split("\\s+");
            Map<String, Double> gc = new LinkedHashMap<>();
            for (int i = 0; i < header.length && i < values.length; i++) {
                // Columns of a collector not in use (CGC with the serial collector) read "-".
                if (!values[i].equals("-")) {
                    gc.put(header[i], Double.parseDouble(values[i]));
                }
            }
            double used = gc.get("S0U") + gc.get("S1U") + gc.get("EU") + gc.get("OU");
            return new long[] {(long) (used / 1024), (long) (gc.get("OU") / 1024)};
        } catch (Exception e) {
            return new long[] {-1, -1};
        }
    }

    /** Per JVM: old generation and resident set of the last quarter over those of the second quarter. */
    private static Map<String, double[]> growth(List<Sample> samples, List<Component> jvms) {
        Map<String, double[]> growth = new LinkedHashMap<>();
        int n = samples.size();
        if (n < 8) {
            return growth;
        }
        List<Sample> second = samples.subList(n / 4, n / 2);
        List<Sample> last = samples.subList(3 * n / 4, n);
        for (Component jvm : jvms) {
            growth.put(
                    jvm.name(), new double[] {ratio(second, last, jvm.name(), 2), ratio(second, last, jvm.name(), 0)});
        }
        return growth;
    }

    private static double ratio(List<Sample> before, List<Sample> after, String jvm, int field) {
        double a = before.stream()
                .mapToLong(s -> s.memoryMb().getOrDefault(jvm, new long[] {0, 0, 0})[field])
                .filter(v -> v > 0)
                .max()
                .orElse(1);
        double b = after.stream()
                .mapToLong(s -> s.memoryMb().getOrDefault(jvm, new long[] {0, 0, 0})[field])
                .filter(v -> v > 0)
                .max()
                .orElse(1);
        return b / Math.max(1, a);
    }

    private static String describe(Sample s) {
        return s.atSeconds() + " s: "
                + s.memoryMb().entrySet().stream()
                        .map(e -> String.format(
                                Locale.ROOT,
                                "%s rss %d heap %d old %d MiB",
                                e.getKey(),
                                e.getValue()[0],
                                e.getValue()[1],
                                e.getValue()[2]))
                        .collect(Collectors.joining("; "))
                + "; latency p50/p99 " + percentiles(s.latencyMs());
    }

    private static String percentiles(double[] p) {
        return p.length < 3 ? "n/a" : String.format(Locale.ROOT, "%.0f/%.0f ms", p[0], p[2]);
    }

    private static String json(
            int sent,
            int outcomes,
            double rate,
            double[] latency,
            List<Sample> samples,
            Map<String, double[]> growth,
            boolean bounded,
            Instant start) {
        StringBuilder j = new StringBuilder("{");
        j.append(String.format(
                Locale.ROOT,
                "\"minutes\": %.1f, \"rate_per_s\": %.1f, \"sent\": %d, \"outcomes\": %d, ",
                Duration.between(start, Instant.now()).toSeconds() / 60.0,
                rate,
                sent,
                outcomes));
        j.append(
                latency.length < 3
                        ? "\"latency_ms\": null, "
                        : String.format(
                                Locale.ROOT,
                                "\"latency_ms\": {\"p50\": %.0f, \"p90\": %.0f, \"p99\": %.0f}, ",
                                latency[0],
                                latency[1],
                                latency[2]));
        j.append("\"growth\": {")
                .append(growth.entrySet().stream()
                        .map(e -> String.format(
                                Locale.ROOT,
                                "\"%s\": {\"old_gen\": %.2f, \"rss\": %.2f}",
                                e.getKey(),
                                e.getValue()[0],
                                e.getValue()[1]))
                        .collect(Collectors.joining(", ")))
                .append("}, ");
        j.append("\"memory_bounded\": ").append(bounded).append(", ");
        j.append("\"samples\": [")
                .append(samples.stream()
                        .map(s -> "{\"t_s\": " + s.atSeconds() + ", "
                                + s.memoryMb().entrySet().stream()
                                        .map(e -> String.format(
                                                Locale.ROOT,
                                                "\"%s\": {\"rss_mb\": %d, \"heap_mb\": %d, \"old_mb\": %d}",
                                                e.getKey(),
                                                e.getValue()[0],
                                                e.getValue()[1],
                                                e.getValue()[2]))
                                        .collect(Collectors.joining(", "))
                                + (s.latencyMs().length < 3
                                        ? ""
                                        : String.format(
                                                Locale.ROOT,
                                                ", \"p50_ms\": %.0f, \"p99_ms\": %.0f",
                                                s.latencyMs()[0],
                                                s.latencyMs()[2]))
                                + "}")
                        .collect(Collectors.joining(", ")));
        j.append("]}");
        return j.toString();
    }
}
