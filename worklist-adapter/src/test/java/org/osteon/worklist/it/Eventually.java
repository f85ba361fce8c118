package org.osteon.worklist.it;

import java.time.Duration;
import java.time.Instant;

/** Retries an assertion until it passes or the time is up; then the last failure is thrown. */
final class Eventually {

    private Eventually() {}

    interface Check {
        void run() throws Exception;
    }

    static void within(Duration timeout, Check check) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError | RuntimeException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
