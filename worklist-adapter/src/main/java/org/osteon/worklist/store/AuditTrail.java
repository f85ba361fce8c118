package org.osteon.worklist.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.osteon.events.WorklistPriority;

/**
 * The audit_trail table: append-only (PostgreSQL triggers refuse UPDATE, DELETE and TRUNCATE), one
 * row per change with who or what made it, when and why. The change key makes a replay a no-op.
 */
final class AuditTrail {

    private AuditTrail() {}

    /** True when the entry was written; false when its change key is already in the trail. */
    static boolean append(Connection connection, AuditEntry entry) throws SQLException {
        return Jdbc.update(
                        connection,
                        """
                INSERT INTO audit_trail (study_key, action, source, changed_by, previous_priority, new_priority,
                                         reason, decision_event_id, change_key, changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (change_key) DO NOTHING
                """,
                        entry.studyKey(),
                        entry.action(),
                        entry.source(),
                        entry.changedBy(),
                        entry.previousPriority(),
                        entry.newPriority(),
                        entry.reason(),
                        entry.decisionEventId(),
                        entry.changeKey(),
                        entry.changedAt())
                == 1;
    }

    static boolean contains(Connection connection, String changeKey) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT 1 FROM audit_trail WHERE change_key = ?")) {
            statement.setString(1, changeKey);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    static List<AuditEntry> forStudy(Connection connection, String studyKey) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT study_key, action, source, changed_by, previous_priority, new_priority, reason,
                       decision_event_id, change_key, changed_at
                FROM audit_trail WHERE study_key = ? ORDER BY id
                """)) {
            statement.setString(1, studyKey);
            try (ResultSet rs = statement.executeQuery()) {
                List<AuditEntry> entries = new ArrayList<>();
                while (rs.next()) {
                    entries.add(new AuditEntry(
                            rs.getString("study_key"),
                            rs.getString("action"),
                            rs.getString("source"),
                            rs.getString("changed_by"),
                            priority(rs, "previous_priority"),
                            priority(rs, "new_priority"),
                            rs.getString("reason"),
                            rs.getString("decision_event_id"),
                            rs.getString("change_key"),
                            Jdbc.instant(rs, "changed_at")));
                }
                return entries;
            }
        }
    }

    private static WorklistPriority priority(ResultSet rs, String column) throws SQLException {
        String value = rs.getString(column);
        return value == null ? null : WorklistPriority.valueOf(value);
    }
}
