package org.osteon.worklist.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The alert table: one alert per decision event, so a redelivered decision raises nothing new. */
final class Alerts {

    private Alerts() {}

    static AlertRecord raise(Connection connection, IncomingDecision decision, Instant now) throws SQLException {
        Jdbc.update(
                connection,
                """
                INSERT INTO alert (id, study_key, decision_event_id, decision, reason, malignant_probability,
                                   uncertainty, model_version, provenance, raised_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                UUID.randomUUID().toString(),
                decision.studyKey(),
                decision.eventId(),
                decision.decision(),
                decision.reason(),
                decision.malignantProbability(),
                decision.uncertainty(),
                decision.modelVersion(),
                decision.provenance(),
                now);
        return forDecision(connection, decision.eventId()).orElseThrow();
    }

    static Optional<AlertRecord> forDecision(Connection connection, String decisionEventId) throws SQLException {
        return one(connection, "a.decision_event_id", decisionEventId);
    }

    static Optional<AlertRecord> byId(Connection connection, String alertId) throws SQLException {
        return one(connection, "a.id", alertId);
    }

    private static Optional<AlertRecord> one(Connection connection, String keyColumn, String key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT a.id, a.study_key, w.accession_number, a.decision, a.reason, a.malignant_probability,
                       a.uncertainty, a.model_version, a.provenance, a.raised_at
                FROM alert a JOIN worklist_row w ON w.study_key = a.study_key
                WHERE %s = ?
                """.formatted(keyColumn))) {
            statement.setString(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new AlertRecord(
                        rs.getString("id"),
                        rs.getString("study_key"),
                        rs.getString("accession_number"),
                        rs.getString("decision"),
                        rs.getString("reason"),
                        Jdbc.nullableDouble(rs, "malignant_probability"),
                        Jdbc.nullableDouble(rs, "uncertainty"),
                        rs.getString("model_version"),
                        rs.getString("provenance"),
                        Jdbc.instant(rs, "raised_at")));
            }
        }
    }
}
