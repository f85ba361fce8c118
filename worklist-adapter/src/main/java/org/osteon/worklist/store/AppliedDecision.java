package org.osteon.worklist.store;

import java.time.Instant;

/**
 * A committed decision and what it did to its study: the stored source of WorklistPriorityChanged,
 * so that a redelivered decision republishes the identical event (same {@code outEventId}).
 */
public record AppliedDecision(
        String outEventId,
        String studyKey,
        String decision,
        String reason,
        String modelVersion,
        String provenance,
        Instant receivedAt,
        Instant committedAt,
        String previousPriority,
        String newPriority,
        boolean needsReview) {

    public long latencyMillis() {
        return committedAt.toEpochMilli() - receivedAt.toEpochMilli();
    }
}
