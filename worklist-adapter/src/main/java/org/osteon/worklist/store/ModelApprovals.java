package org.osteon.worklist.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The model_approval table: each promotion an admin approved on the page, written before it is
 * forwarded to scoring, and scoring's answer, written once after (the database refuses any other change).
 */
@ApplicationScoped
public class ModelApprovals {

    /** Longest part of scoring's answer kept with an approval. */
    static final int MAX_ANSWER = 2000;

    /** One approval as stored; {@code scoringStatus} null while unanswered (or when scoring never answered). */
    public record Approval(
            long id,
            String approvedBy,
            Instant approvedAt,
            String modelDir,
            String gateReportSha256,
            Integer scoringStatus,
            String scoringAnswer) {}

    private final Jdbc jdbc;
    private final Clock clock;

    ModelApprovals(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.clock = Clock.systemUTC();
    }

    /** Records the approval; returns its id. */
    public long record(String approvedBy, String modelDir, String gateReportSha256) {
        return jdbc.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO model_approval (approved_by, approved_at, model_dir, gate_report_sha256)"
                            + " VALUES (?, ?, ?, ?) RETURNING id")) {
                s.setString(1, approvedBy);
                s.setObject(2, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                s.setString(3, modelDir);
                s.setString(4, gateReportSha256);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Scoring's answer to approval {@code id}: its HTTP status (0: no answer) and the start of its body. */
    public void answer(long id, int status, String answer) {
        String kept = answer == null ? null : answer.substring(0, Math.min(answer.length(), MAX_ANSWER));
        jdbc.inTransaction(c -> Jdbc.update(
                c,
                "UPDATE model_approval SET scoring_status = ?, scoring_answer = ?, answered_at = ? WHERE id = ?",
                status,
                kept,
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC),
                id));
    }

    /** The latest {@code n} approvals, newest first. */
    public List<Approval> latest(int n) {
        return jdbc.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, approved_by, approved_at, model_dir, gate_report_sha256, scoring_status,"
                            + " scoring_answer FROM model_approval ORDER BY id DESC LIMIT ?")) {
                s.setInt(1, n);
                try (ResultSet rs = s.executeQuery()) {
                    List<Approval> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new Approval(
                                rs.getLong("id"),
                                rs.getString("approved_by"),
                                Jdbc.instant(rs, "approved_at"),
                                rs.getString("model_dir"),
                                rs.getString("gate_report_sha256"),
                                // getObject: null while unanswered; getInt would read 0, "no answer".
                                rs.getObject("scoring_status", Integer.class),
                                rs.getString("scoring_answer")));
                    }
                    return out;
                }
            }
        });
    }
}
