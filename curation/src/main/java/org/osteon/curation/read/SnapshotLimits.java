package org.osteon.curation.read;

import java.time.Duration;

/**
 * How far one snapshot may go.
 *
 * @param maxRecords records read from one topic at most: a topic longer than that is refused, not cut,
 *     because a dataset built from part of a topic would silently depend on where the cut fell
 * @param stallTimeout the longest the reader waits for the broker without any progress before it gives up
 */
public record SnapshotLimits(long maxRecords, Duration stallTimeout) {

    public static final SnapshotLimits DEFAULT = new SnapshotLimits(2_000_000, Duration.ofSeconds(30));

    public SnapshotLimits {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be positive");
        }
        if (stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("stallTimeout must be positive");
        }
    }
}
