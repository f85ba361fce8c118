package org.osteon.benchmarks.scoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * The cores the rest of this process took beside a bare ORT window: every thread's CPU time over the
 * window ({@code /proc/self/task/<tid>/stat}), less the threads that ran ORT. Those are told apart by what
 * they did, not by name: a bare run keeps its threads busy for most of a core, while the idle service and
 * the in-JVM broker's threads (heartbeats, fetch long-polls, the controller's ticks) take a few
 * thousandths each. ORT's own pool threads of a multi-threaded run are not Java threads, so no Java API
 * could have counted them.
 */
final class BackgroundMeter {

    /** A thread that ran more than this share of a core over the window was one of the bare runs. */
    static final double BUSY = 0.5;

    private static final Path TASKS = Path.of("/proc/self/task");

    private final Map<String, Long> startTicks;
    private final long startNanos;

    private BackgroundMeter(Map<String, Long> startTicks, long startNanos) {
        this.startTicks = startTicks;
        this.startNanos = startNanos;
    }

    /** Starts a measurement; {@link #cores()} is empty where there is no {@code /proc/self/task}. */
    static BackgroundMeter start() {
        return new BackgroundMeter(ticksByThread(TASKS), System.nanoTime());
    }

    /** Mean cores taken since {@link #start()} by the threads that were not busy. */
    OptionalDouble cores() {
        Map<String, Long> now = ticksByThread(TASKS);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (startTicks.isEmpty() || now.isEmpty() || seconds <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(idleShare(startTicks, now, seconds));
    }

    /** The cores of the threads under {@link #BUSY} between two snapshots taken {@code seconds} apart. */
    static double idleShare(Map<String, Long> before, Map<String, Long> after, double seconds) {
        double rest = 0;
        for (var e : after.entrySet()) {
            long ticks = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            double cores = ticks / StealMeter.TICKS_PER_SECOND / seconds;
            if (cores < BUSY) {
                rest += cores;
            }
        }
        return rest;
    }

    /** User plus system ticks of each thread under {@code tasks}, by thread id; empty where unreadable. */
    static Map<String, Long> ticksByThread(Path tasks) {
        Map<String, Long> out = new HashMap<>();
        try (Stream<Path> threads = Files.list(tasks)) {
            threads.forEach(t -> {
                try {
                    out.put(t.getFileName().toString(), ticks(Files.readString(t.resolve("stat"))));
                } catch (IOException | RuntimeException e) {
                    // The thread ended between the listing and the read: it is not part of the window.
                }
            });
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return out;
    }

    /** utime + stime of one {@code stat} line; the name in parentheses may hold spaces and parentheses. */
    static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // After the name: state(0) ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime(11)
        // stime(12)
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
