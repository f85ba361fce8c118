package org.osteon.worklist.store;

import java.time.Instant;
import org.osteon.events.WorklistPriority;

/**
 * One line of the audit trail.
 *
 * @param action PRIORITY_CHANGED, REVIEW_FLAGGED, REVIEWED, FEEDBACK_RECORDED, WRITEBACK_ACKNOWLEDGED or
 *     WRITEBACK_DEAD_LETTERED
 * @param source who or what: MODEL, HUMAN, WAIT_CAP or WRITEBACK
 * @param changedBy the model version, the person, the cap, or the write-back target
 * @param previousPriority null when the priority is not what changed
 * @param reason why
 * @param changeKey the change's idempotence key
 */
public record AuditEntry(
        String studyKey,
        String action,
        String source,
        String changedBy,
        WorklistPriority previousPriority,
        WorklistPriority newPriority,
        String reason,
        String decisionEventId,
        String changeKey,
        Instant changedAt) {

    public static final String PRIORITY_CHANGED = "PRIORITY_CHANGED";
    public static final String REVIEW_FLAGGED = "REVIEW_FLAGGED";
    public static final String REVIEWED = "REVIEWED";
    public static final String FEEDBACK_RECORDED = "FEEDBACK_RECORDED";
    public static final String WRITEBACK_ACKNOWLEDGED = "WRITEBACK_ACKNOWLEDGED";
    public static final String WRITEBACK_DEAD_LETTERED = "WRITEBACK_DEAD_LETTERED";
}
