package org.osteon.worklist.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The queries behind the wait-time cap and the review deadline; the decision itself is the policy's. */
final class WaitCap {

    private WaitCap() {}

    /** How long a study has waited, and since what. */
    record Waited(Duration duration, String since) {}

    /**
     * Studies that may have waited too long: ROUTINE, not set by a person, not yet promoted, and
     * either past the cap since arrival or, in the review lane, past their deadline. The policy has
     * the last word on each.
     */
    static List<String> candidates(Connection connection, Instant now, Duration waitCap) throws SQLException {
        boolean capOn = !waitCap.isZero() && !waitCap.isNegative();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT w.study_key FROM worklist_row w
                WHERE w.priority = 'ROUTINE' AND w.priority_source <> 'HUMAN'
                  AND ((w.needs_review AND w.review_due_at <= ?)
                       OR (NOT w.needs_review AND ? AND COALESCE(w.phi_received_at, w.decision_received_at) <= ?))
                  AND NOT EXISTS (SELECT 1 FROM audit_trail a WHERE a.change_key = 'wait-cap:' || w.study_key)
                ORDER BY COALESCE(w.phi_received_at, w.decision_received_at)
                LIMIT 500
                """)) {
            Jdbc.set(statement, now, capOn, capOn ? now.minus(waitCap) : now);
            try (ResultSet rs = statement.executeQuery()) {
                List<String> keys = new ArrayList<>();
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
                return keys;
            }
        }
    }

    /** A review-lane study has waited since it was flagged (its deadline minus the deadline's length); others since arrival. */
    static Waited waited(Connection connection, String studyKey, Instant now, Duration reviewDeadline)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT needs_review, review_due_at, COALESCE(phi_received_at, decision_received_at) AS arrived_at
                FROM worklist_row WHERE study_key = ?
                """)) {
            statement.setString(1, studyKey);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                Instant arrived = Jdbc.instant(rs, "arrived_at");
                if (rs.getBoolean("needs_review")) {
                    Instant flagged = Jdbc.instant(rs, "review_due_at").minus(reviewDeadline);
                    return new Waited(Duration.between(flagged, now), "in the review lane since " + flagged);
                }
                return new Waited(Duration.between(arrived, now), "since arrival at " + arrived);
            }
        }
    }
}
