package org.osteon.worklist.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private static final Duration WINDOW = Duration.ofMinutes(15);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private SignInThrottle throttle(int perName, int perAddress, int tracked) {
        return new SignInThrottle(perName, perAddress, WINDOW, tracked, now::get);
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void shouldRefuseANameAfterItsFailuresUntilTheWindowCloses() {
        SignInThrottle throttle = throttle(3, 100, 1000);
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.refusal("reader", "10.0.0.1")).isEmpty();
            throttle.recordFailure("reader", "10.0.0.1");
            advance(Duration.ofMinutes(1));
        }
        // From any address: the name is what is being guessed.
        assertThat(throttle.refusal("reader", "10.0.0.2")).contains(WINDOW.minusMinutes(3));
        assertThat(throttle.refusal("admin", "10.0.0.1")).isEmpty();

        advance(WINDOW.minusMinutes(3).minusNanos(1));
        assertThat(throttle.refusal("reader", "10.0.0.1")).contains(Duration.ofNanos(1));
        advance(Duration.ofNanos(1));
        assertThat(throttle.refusal("reader", "10.0.0.1")).isEmpty();
        // A new window opens with the next failure.
        assertThat(throttle.recordFailure("reader", "10.0.0.1").forName()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAnAddressThatTriesManyNames() {
        SignInThrottle throttle = throttle(5, 4, 1000);
        for (int i = 0; i < 4; i++) {
            SignInThrottle.Failures failures = throttle.recordFailure("name-" + i, "192.0.2.7");
            assertThat(failures).isEqualTo(new SignInThrottle.Failures(1, i + 1));
        }
        assertThat(throttle.refusal("name-9", "192.0.2.7")).isPresent();
        assertThat(throttle.refusal("name-9", "192.0.2.8")).isEmpty();
    }

    @Test
    void shouldClearTheNameButNotTheAddressOnSuccess() {
        SignInThrottle throttle = throttle(2, 3, 1000);
        throttle.recordFailure("reader", "192.0.2.7");
        throttle.recordFailure("reader", "192.0.2.7");
        assertThat(throttle.refusal("reader", "198.51.100.1")).isPresent();
        throttle.recordSuccess("reader");
        assertThat(throttle.refusal("reader", "198.51.100.1")).isEmpty();
        // The address keeps its two failures: one more and it is refused.
        assertThat(throttle.recordFailure("other", "192.0.2.7").fromAddress()).isEqualTo(3);
        assertThat(throttle.refusal("reader", "192.0.2.7")).isPresent();
    }

    @Test
    void shouldTrackAtMostItsBoundDroppingClosedWindowsThenTheLeastRecentlySeen() {
        SignInThrottle throttle = throttle(2, 1_000_000, 100);
        throttle.recordFailure("victim", "192.0.2.1");
        throttle.recordFailure("victim", "192.0.2.1");
        for (int i = 0; i < 10_000; i++) {
            throttle.recordFailure("spray-" + i, "198.51.100." + (i % 200));
            assertThat(throttle.tracked()).isLessThanOrEqualTo(100);
        }
        // The oldest entries went first: the victim's count with them.
        assertThat(throttle.refusal("victim", "203.0.113.1")).isEmpty();

        SignInThrottle fresh = throttle(2, 1_000_000, 100);
        for (int i = 0; i < 99; i++) {
            fresh.recordFailure("old-" + i, "192.0.2.1");
        }
        advance(WINDOW);
        fresh.recordFailure("recent", "203.0.113.9");
        fresh.recordFailure("recent", "203.0.113.9");
        // Making room dropped the closed windows, not the open one.
        assertThat(fresh.tracked()).isEqualTo(2);
        assertThat(fresh.refusal("recent", "203.0.113.10")).isPresent();
    }

    @Test
    void shouldKeyOverlongNamesByTheirStart() {
        SignInThrottle throttle = throttle(2, 100, 1000);
        String prefix = "x".repeat(SignInThrottle.MAX_NAME_LENGTH);
        throttle.recordFailure(prefix + "a", "192.0.2.1");
        throttle.recordFailure(prefix + "b", "192.0.2.2");
        assertThat(throttle.refusal(prefix + "c", "192.0.2.3")).isPresent();
    }
}
