package org.osteon.worklist.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The applied_decision table: the idempotence record and the outbox of WorklistPriorityChanged. */
final class AppliedDecisions {

    private AppliedDecisions() {
    }

    static Optional<AppliedDecision> find(Connection connection, String eventId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT out_event_id, study_key, decision, reason, model_version, provenance, received_at,
                       committed_at, previous_priority, new_priority, needs_review
                FROM applied_decision WHERE event_id = ?
                """)) {
            statement.setString(1, eventId);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new AppliedDecision(rs.getString("out_event_id"), rs.getString("study_key"),
                        rs.getString("decision"), rs.getString("reason"), rs.getString("model_version"),
                        rs.getString("provenance"), Jdbc.instant(rs, "received_at"),
                        Jdbc.instant(rs, "committed_at"), rs.getString("previous_priority"),
                        rs.getString("new_priority"), rs.getBoolean("needs_review")));
            }
        }
    }

    static void insert(Connection connection, IncomingDecision decision, AppliedDecision applied)
            throws SQLException {
        // No ON CONFLICT: the row is locked and the event id was checked, so a clash here is a real
        // error and must roll the transaction back.
        Jdbc.update(connection, """
                INSERT INTO applied_decision (event_id, study_key, instance_key, decision, reason, model_version,
                    provenance, received_at, committed_at, previous_priority, new_priority, needs_review,
                    out_event_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, decision.eventId(), applied.studyKey(), decision.instanceKey(), applied.decision(),
                applied.reason(), applied.modelVersion(), applied.provenance(), applied.receivedAt(),
                applied.committedAt(), applied.previousPriority(), applied.newPriority(), applied.needsReview(),
                applied.outEventId());
    }
}
