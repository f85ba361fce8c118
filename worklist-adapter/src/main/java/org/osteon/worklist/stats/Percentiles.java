package org.osteon.worklist.stats;

import java.util.Collection;

/** Nearest-rank percentiles: every reported figure is a latency that really happened. */
public final class Percentiles {

    private final long[] sorted;

    private Percentiles(long[] sorted) {
        this.sorted = sorted;
    }

    public static Percentiles of(Collection<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Percentiles(sorted);
    }

    public boolean isEmpty() {
        return sorted.length == 0;
    }

    /**
     * The smallest value with at least {@code p} percent of the values at or below it; 0 when there
     * are no values, so /api/stats always has numbers to parse.
     */
    public long at(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    public long max() {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }
}
