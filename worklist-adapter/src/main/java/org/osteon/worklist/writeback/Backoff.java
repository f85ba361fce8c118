package org.osteon.worklist.writeback;

import java.time.Duration;

/** Exponential backoff: initial, doubling after each failure, capped. */
public record Backoff(Duration initial, Duration max) {

    /** The pause after {@code failures} failed attempts (1 = after the first). */
    public Duration after(int failures) {
        Duration pause = initial;
        for (int i = 1; i < failures && pause.compareTo(max) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(max) > 0 ? max : pause;
    }
}
