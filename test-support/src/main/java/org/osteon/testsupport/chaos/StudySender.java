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
 */
final class StudySender implements AutoCloseable {

    /** The calling AE title the harness sends as; the gateway under test lists it as allowed. */
    static final String CALLING_AE = "CHAOS";

    private static final long RETRY_PAUSE_MILLIS = 300;

    private final int port;
    private final String calledAet;
    private final ExecutorService pool;
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger acknowledged = new AtomicInteger();

    StudySender(int port, String calledAet, int parallel) {
        this.port = port;
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
            sends.add(pool.submit(() -> {
                sendUntilAcknowledged(file, deadlineNanos);
                return null;
            }));
        }
        for (Future<Void> send : sends) {
            send.get();
        }
    }

    private void sendUntilAcknowledged(Path file, long deadlineNanos) throws IOException, InterruptedException {
        while (true) {
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

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
