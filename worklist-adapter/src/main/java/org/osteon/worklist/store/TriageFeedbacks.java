package org.osteon.worklist.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.osteon.events.FeedbackVerdict;

/** The triage_feedback table: one verdict per study and reader. */
final class TriageFeedbacks {

    private TriageFeedbacks() {}

    static Optional<FeedbackRecord> find(Connection connection, String studyKey, String reader) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT event_id, recorded_at, study_key, verdict, ai_decision, malignant_probability, uncertainty,
                       model_version, site, reader, comment, provenance
                FROM triage_feedback WHERE study_key = ? AND reader = ?
                """)) {
            statement.setString(1, studyKey);
            statement.setString(2, reader);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new FeedbackRecord(
                        rs.getString("event_id"),
                        Jdbc.instant(rs, "recorded_at"),
                        rs.getString("study_key"),
                        FeedbackVerdict.valueOf(rs.getString("verdict")),
                        rs.getString("ai_decision"),
                        Jdbc.nullableDouble(rs, "malignant_probability"),
                        Jdbc.nullableDouble(rs, "uncertainty"),
                        rs.getString("model_version"),
                        rs.getString("site"),
                        rs.getString("reader"),
                        rs.getString("comment"),
                        rs.getString("provenance"),
                        true));
            }
        }
    }

    static void insert(Connection connection, FeedbackRecord feedback) throws SQLException {
        Jdbc.update(
                connection,
                """
                INSERT INTO triage_feedback (event_id, study_key, reader, verdict, ai_decision, malignant_probability,
                                             uncertainty, model_version, site, comment, provenance, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                feedback.eventId(),
                feedback.studyKey(),
                feedback.reader(),
                feedback.verdict(),
                feedback.aiDecision(),
                feedback.malignantProbability(),
                feedback.uncertainty(),
                feedback.modelVersion(),
                feedback.site(),
                feedback.comment(),
                feedback.provenance(),
                feedback.recordedAt());
    }
}
