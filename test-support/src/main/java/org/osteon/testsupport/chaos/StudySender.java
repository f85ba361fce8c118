package org.osteon.testsupport.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends studies to the gateway the way a modality or PACS does: dcmtk's {@code storescu}, one
 * association per object, and again after any failure (refused association, broken connection, a
 * failure status) until the gateway acknowledges it with Success. An object counts as sent only then.
 * With several gateways, objects go to each in turn, and a retry goes to the next, as behind a load
 * balancer. Every failed attempt is recorded with its time, so a run can tell which fell in a fault.
 */
final class StudySender implements AutoCloseable {

    /** The calling AE title the harness sends as; the gateway under test lists it as allowed. */
    static final String CALLING_AE = "CHAOS";

    private static final long RETRY_PAUSE_MILLIS = 300;

    private final List<Integer> ports;
    private final List<long[]> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final String calledAet;
    private final ExecutorService pool;
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger acknowledged = new AtomicInteger();

    StudySender(int port, String calledAet, int parallel) {
        this(List.of(port), calledAet, parallel);
    }

    StudySender(List<Integer> ports, String calledAet, int parallel) {
        this.ports = List.copyOf(ports);
        this.calledAet = calledAet;
        this.pool = Executors.newFixedThreadPool(parallel);
    }

    /**
     * Starts one send every {@code 1/perSecond} seconds, each retried until acknowledged; returns when all
     * are, or fails after the deadline. A steady rate keeps load on the system through a fault.
     */
    void sendAll(List<Path> files, double perSecond, long deadlineNanos) throws Exception {
        List<Future<Void>> sends = new java.util.ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            long due = start + (long) (i * 1e9 / perSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            int first = i;
            sends.add(pool.submit(() -> {
                sendUntilAcknowledged(file, first, deadlineNanos);
                return null;
            }));
        }
        for (Future<Void> send : sends) {
            send.get();
        }
    }

    private void sendUntilAcknowledged(Path file, int first, long deadlineNanos)
            throws IOException, InterruptedException {
        for (int attempt = first; ; attempt++) {
            int port = ports.get(attempt % ports.size());
            long startedAt = System.nanoTime();
            attempts.incrementAndGet();
            Process storescu = new ProcessBuilder(
                            "storescu",
                            "-v",
                            "-aet",
                            CALLING_AE,
                            "-aec",
                            calledAet,
                            "127.0.0.1",
                            Integer.toString(port),
                            file.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(storescu.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean finished = storescu.waitFor(60, TimeUnit.SECONDS);
            if (finished && storescu.exitValue() == 0 && output.contains("Received Store Response (Success)")) {
                acknowledged.incrementAndGet();
                return;
            }
            if (!finished) {
                storescu.destroyForcibly();
            }
            failures.add(new long[] {startedAt, System.nanoTime()});
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException("the gateway never acknowledged " + file + "; last answer: " + output);
            }
            Thread.sleep(RETRY_PAUSE_MILLIS);
        }
    }

    int attempts() {
        return attempts.get();
    }

    int acknowledged() {
        return acknowledged.get();
    }

    int failedAttempts() {
        return failures.size();
    }

    /** Failed attempts that overlapped any of {@code windows} ({@code [from, to]} in nanoTime). */
    int failedDuring(List<long[]> windows) {
        synchronized (failures) {
            return (int) failures.stream()
                    .filter(f -> windows.stream().anyMatch(w -> f[0] <= w[1] && f[1] >= w[0]))
                    .count();
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
