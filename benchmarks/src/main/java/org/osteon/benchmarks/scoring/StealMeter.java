package org.osteon.benchmarks.scoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * CPU time the hypervisor gave to other guests while this virtual machine had work to run ("steal" in
 * {@code /proc/stat}), in cores, over a measurement. On the shared development VM it reached a tenth of a
 * core during some service runs and none in others: the benchmark prints it beside each figure so that a
 * ratio taken while the host took cores away says so.
 */
final class StealMeter {

    /** Linux reports {@code /proc/stat} and task times in USER_HZ, which is 100 on every architecture it runs on. */
    static final double TICKS_PER_SECOND = 100;

    private static final Path PROC_STAT = Path.of("/proc/stat");

    private final long startTicks;
    private final long startNanos;

    private StealMeter(long startTicks, long startNanos) {
        this.startTicks = startTicks;
        this.startNanos = startNanos;
    }

    /** Starts a measurement; {@link #cores()} is empty where {@code /proc/stat} has no steal column. */
    static StealMeter start() {
        return new StealMeter(stealTicks(PROC_STAT), System.nanoTime());
    }

    /** Mean cores stolen since {@link #start()}. */
    OptionalDouble cores() {
        long now = stealTicks(PROC_STAT);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (startTicks < 0 || now < 0 || seconds <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((now - startTicks) / TICKS_PER_SECOND / seconds);
    }

    /** The aggregate "cpu" line's eighth value (steal), or -1 when the file or the column is missing. */
    static long stealTicks(Path procStat) {
        try {
            String first = Files.readAllLines(procStat).get(0).trim();
            String[] fields = first.split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            return fields[0].equals("cpu") && fields.length > 8 ? Long.parseLong(fields[8]) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** As a JSON number with three decimals, or {@code null}. */
    static String json(OptionalDouble cores) {
        return cores.isPresent() ? String.format(Locale.ROOT, "%.3f", cores.getAsDouble()) : "null";
    }
}
