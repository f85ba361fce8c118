package org.osteon.worklist.publish;

import org.osteon.events.Triage;
import org.osteon.events.WorklistPriority;
import org.osteon.events.WorklistPriorityChanged;
import org.osteon.worklist.store.AppliedDecision;

/**
 * Builds WorklistPriorityChanged from a committed decision. It reads only pseudonymous fields, so
 * no PHI from the worklist row can reach the research-zone topic.
 */
public final class PriorityChangedEvents {

    private PriorityChangedEvents() {}

    public static WorklistPriorityChanged from(AppliedDecision applied) {
        return WorklistPriorityChanged.newBuilder()
                .setEventId(applied.outEventId())
                .setChangedAt(applied.committedAt())
                .setStudyKey(applied.studyKey())
                .setPreviousPriority(WorklistPriority.valueOf(applied.previousPriority()))
                .setNewPriority(WorklistPriority.valueOf(applied.newPriority()))
                .setDecision(Triage.valueOf(applied.decision()))
                .setNeedsReview(applied.needsReview())
                .setReason(applied.reason())
                .setModelVersion(applied.modelVersion())
                .setReceivedAt(applied.receivedAt())
                .setLatencyMillis(applied.latencyMillis())
                .setProvenance(applied.provenance())
                .build();
    }
}
