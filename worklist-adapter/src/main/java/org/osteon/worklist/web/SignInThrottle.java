package org.osteon.worklist.web;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Counts failed sign-ins per user name and per client address, each in a window that opens with its
 * first failure. Once a name (or an address) has {@code max} failures in its window, sign-ins with
 * that name (or from that address) are refused until the window closes, even with the right password:
 * otherwise a guesser would learn the password from the one attempt that is let through. A success
 * clears its name's count (never its address's, or one account could clear a guesser's address).
 *
 * <p>Memory is bounded: at most {@code maxTracked} names and addresses together; when full, closed
 * windows go first, then the least recently seen entry.
 */
public final class SignInThrottle {

    /** Failures in the open windows after one more failure. */
    public record Failures(int forName, int fromAddress) {}

    /** Longest user name kept as a key; longer names share the key of their first characters. */
    static final int MAX_NAME_LENGTH = 256;

    private final int maxPerName;
    private final int maxPerAddress;
    private final long windowNanos;
    private final int maxTracked;
    private final LongSupplier nanoClock;
    private final LinkedHashMap<String, Window> windows;

    public SignInThrottle(int maxPerName, int maxPerAddress, Duration window, int maxTracked, LongSupplier nanoClock) {
        if (maxPerName < 1 || maxPerAddress < 1 || maxTracked < 2 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("limits and the window must be positive, and two entries tracked");
        }
        this.maxPerName = maxPerName;
        this.maxPerAddress = maxPerAddress;
        this.windowNanos = window.toNanos();
        this.maxTracked = maxTracked;
        this.nanoClock = nanoClock;
        this.windows = new LinkedHashMap<>(64, 0.75f, true);
    }

    /** How long until a sign-in with this name from this address is allowed; empty: now. */
    public synchronized Optional<Duration> refusal(String name, String address) {
        long now = nanoClock.getAsLong();
        long wait =
                Math.max(remaining(nameKey(name), maxPerName, now), remaining(addressKey(address), maxPerAddress, now));
        return wait > 0 ? Optional.of(Duration.ofNanos(wait)) : Optional.empty();
    }

    /** Counts one failed sign-in. */
    public synchronized Failures recordFailure(String name, String address) {
        long now = nanoClock.getAsLong();
        return new Failures(count(nameKey(name), now), count(addressKey(address), now));
    }

    /** A successful sign-in: the name starts again from no failures. */
    public synchronized void recordSuccess(String name) {
        windows.remove(nameKey(name));
    }

    /** Names and addresses tracked now. */
    synchronized int tracked() {
        return windows.size();
    }

    private long remaining(String key, int max, long now) {
        Window window = windows.get(key);
        if (window == null) {
            return 0;
        }
        long left = window.start + windowNanos - now;
        if (left <= 0) {
            windows.remove(key);
            return 0;
        }
        return window.failures >= max ? left : 0;
    }

    private int count(String key, long now) {
        Window window = windows.get(key);
        if (window == null || now - window.start >= windowNanos) {
            if (window == null && windows.size() >= maxTracked) {
                makeRoom(now);
            }
            window = new Window(now);
            windows.put(key, window);
        }
        return ++window.failures;
    }

    private void makeRoom(long now) {
        windows.values().removeIf(window -> now - window.start >= windowNanos);
        Iterator<Map.Entry<String, Window>> eldest = windows.entrySet().iterator();
        while (windows.size() >= maxTracked && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }

    private static String nameKey(String name) {
        String value = name == null ? "" : name;
        return "name:" + (value.length() > MAX_NAME_LENGTH ? value.substring(0, MAX_NAME_LENGTH) : value);
    }

    private static String addressKey(String address) {
        return "address:" + (address == null ? "" : address);
    }

    private static final class Window {
        final long start;
        int failures;

        Window(long start) {
            this.start = start;
        }
    }
}
