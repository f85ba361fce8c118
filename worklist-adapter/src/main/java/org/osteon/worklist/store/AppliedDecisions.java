package org.osteon.worklist.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The applied_decision table: the idempotence record and the outbox of WorklistPriorityChanged. */
final class AppliedDecisions {

    private AppliedDecisions() {}

    static Optional<AppliedDecision> find(Connection connection, String eventId) throws SQLException {
        return first(connection, "event_id = ?", eventId);
    }

    /**
     * The earlier outcome of the same image decided the same way by the same model version. A modality
     * re-sends an image whose acknowledgement it lost; the copy flows through every stage again and
     * arrives as a new decision event, which must not alert or write back a second time.
     */
    static Optional<AppliedDecision> findSameImageOutcome(
            Connection connection, String instanceKey, String decision, String modelVersion) throws SQLException {
        return first(
                connection,
                "instance_key = ? AND decision = ? AND model_version IS NOT DISTINCT FROM ?",
                instanceKey,
                decision,
                modelVersion);
    }

    private static Optional<AppliedDecision> first(Connection connection, String where, Object... args)
            throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("""
                SELECT out_event_id, study_key, decision, reason, model_version, provenance, received_at,
                       committed_at, previous_priority, new_priority, needs_review
                FROM applied_decision WHERE """ + " " + where + " ORDER BY committed_at LIMIT 1")) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new AppliedDecision(
                        rs.getString("out_event_id"),
                        rs.getString("study_key"),
                        rs.getString("decision"),
                        rs.getString("reason"),
                        rs.getString("model_version"),
                        rs.getString("provenance"),
                        Jdbc.instant(rs, "received_at"),
                        Jdbc.instant(rs, "committed_at"),
                        rs.getString("previous_priority"),
                        rs.getString("new_priority"),
                        rs.getBoolean("needs_review")));
            }
        }
    }

    static void insert(Connection connection, IncomingDecision decision, AppliedDecision applied) throws SQLException {
        // No ON CONFLICT: the row is locked and the event id was checked, so a clash here is a real
        // error and must roll the transaction back.
        Jdbc.update(
                connection,
                """
                INSERT INTO applied_decision (event_id, study_key, instance_key, decision, reason, model_version,
                    provenance, received_at, committed_at, previous_priority, new_priority, needs_review,
                    out_event_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                decision.eventId(),
                applied.studyKey(),
                decision.instanceKey(),
                applied.decision(),
                applied.reason(),
                applied.modelVersion(),
                applied.provenance(),
                applied.receivedAt(),
                applied.committedAt(),
                applied.previousPriority(),
                applied.newPriority(),
                applied.needsReview(),
                applied.outEventId());
    }
}
