package org.osteon.worklist.it;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Waits for a server-sent event line, read by a background subscriber into {@code lines}. */
final class SseLines {

    private SseLines() {}

    static String await(LinkedBlockingQueue<String> lines, Predicate<String> match, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null && match.test(line)) {
                return line;
            }
        }
        throw new AssertionError("no matching server-sent event within " + timeout);
    }
}
