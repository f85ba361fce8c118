package org.osteon.worklist.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osteon.events.Triage;
import org.osteon.worklist.stats.WorklistStats;
import org.osteon.worklist.viewer.StudyIdentifiers;

/** Read side of the worklist: the rows in reading order and the figures for /api/stats. */
@ApplicationScoped
public class WorklistQueries {

    static final String ROW_COLUMNS = """
            study_key, accession_number, patient_name, modality, priority, priority_source, decision,
            needs_review, reason, malignant_probability, uncertainty, model_version,
            COALESCE(phi_received_at, decision_received_at) AS received_at, updated_at, provenance,
            review_due_at, reviewed_by, study_instance_uid, patient_id
            """;

    /** Highest priority first; within one priority, the oldest study first: policy.QueueOrder in SQL. */
    private static final String ORDER = """
            ORDER BY CASE priority WHEN 'STAT' THEN 3 WHEN 'URGENT' THEN 2 ELSE 1 END DESC,
                     received_at ASC, study_key ASC
            """;

    private final Jdbc jdbc;

    WorklistQueries(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public List<WorklistRow> list() {
        return rows("SELECT " + ROW_COLUMNS + " FROM worklist_row " + ORDER);
    }

    /** The review lane: studies flagged for a person, the earliest deadline first. */
    public List<WorklistRow> reviewLane() {
        return rows("SELECT " + ROW_COLUMNS + " FROM worklist_row WHERE needs_review "
                + "ORDER BY review_due_at ASC NULLS LAST, study_key ASC");
    }

    private List<WorklistRow> rows(String sql) {
        return jdbc.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql);
                    ResultSet rs = statement.executeQuery()) {
                List<WorklistRow> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(row(rs));
                }
                return rows;
            }
        });
    }

    public Optional<WorklistRow> find(String studyKey) {
        return jdbc.read(connection -> find(connection, studyKey));
    }

    public Optional<AlertRecord> alert(String alertId) {
        return jdbc.read(connection -> Alerts.byId(connection, alertId));
    }

    static Optional<WorklistRow> find(Connection connection, String studyKey) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT " + ROW_COLUMNS + " FROM worklist_row WHERE study_key = ?")) {
            statement.setString(1, studyKey);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** Where the image the study's outcome was decided on lies; empty when the study or its image is unknown. */
    public Optional<StudyImage> image(String studyKey) {
        return jdbc.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT model_version, object_uri, cam_uri, cam_height, cam_width FROM worklist_row
                    WHERE study_key = ? AND object_uri IS NOT NULL
                    """)) {
                statement.setString(1, studyKey);
                try (ResultSet rs = statement.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new StudyImage(
                            studyKey,
                            rs.getString("model_version"),
                            rs.getString("object_uri"),
                            Optional.ofNullable(rs.getString("cam_uri")),
                            rs.getInt("cam_height"),
                            rs.getInt("cam_width")));
                }
            }
        });
    }

    /**
     * The study an accession number names: its key and site, empty when no row carries it. An accession
     * shared by two rows is {@link StudyMatch.Ambiguous}: a diagnosis must not be guessed onto one of them.
     */
    public StudyMatch studyByAccession(String accessionNumber) {
        return jdbc.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT study_key, site FROM worklist_row WHERE accession_number = ? ORDER BY study_key LIMIT 2")) {
                statement.setString(1, accessionNumber);
                return match(statement);
            }
        });
    }

    /** The study a key names, with its site; empty when the worklist has no such row. */
    public StudyMatch studyByKey(String studyKey) {
        return jdbc.read(connection -> {
            try (PreparedStatement statement =
                    connection.prepareStatement("SELECT study_key, site FROM worklist_row WHERE study_key = ?")) {
                statement.setString(1, studyKey);
                return match(statement);
            }
        });
    }

    private static StudyMatch match(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                return new StudyMatch.None();
            }
            StudyMatch.Found found = new StudyMatch.Found(rs.getString("study_key"), rs.getString("site"));
            return rs.next() ? new StudyMatch.Ambiguous() : found;
        }
    }

    static String site(Connection connection, String studyKey) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT site FROM worklist_row WHERE study_key = ?")) {
            statement.setString(1, studyKey);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public WorklistStats stats() {
        return jdbc.read(connection -> {
            long studies = count(connection, "SELECT count(*) FROM worklist_row");
            long outcomes = count(connection, "SELECT count(*) FROM worklist_row WHERE first_outcome_at IS NOT NULL");
            Map<Triage, Long> byDecision = new EnumMap<>(Triage.class);
            for (Triage triage : Triage.values()) {
                byDecision.put(triage, 0L);
            }
            try (PreparedStatement statement = connection.prepareStatement(
                            "SELECT decision, count(*) FROM worklist_row WHERE decision IS NOT NULL GROUP BY decision");
                    ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    byDecision.put(Triage.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            List<Long> latencies = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(
                            "SELECT first_latency_ms FROM worklist_row WHERE first_latency_ms IS NOT NULL");
                    ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    latencies.add(rs.getLong(1));
                }
            }
            return WorklistStats.of(studies, outcomes, byDecision, latencies);
        });
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static WorklistRow row(ResultSet rs) throws SQLException {
        String decision = rs.getString("decision");
        return new WorklistRow(
                rs.getString("study_key"),
                rs.getString("accession_number"),
                rs.getString("patient_name"),
                rs.getString("modality"),
                rs.getString("priority"),
                rs.getString("priority_source"),
                decision,
                rs.getBoolean("needs_review"),
                rs.getString("reason"),
                Jdbc.nullableDouble(rs, "malignant_probability"),
                Jdbc.nullableDouble(rs, "uncertainty"),
                rs.getString("model_version"),
                Jdbc.instant(rs, "received_at"),
                Jdbc.instant(rs, "updated_at"),
                rs.getString("provenance"),
                decision == null ? WorklistRow.AWAITING_TRIAGE : WorklistRow.TRIAGED,
                Jdbc.instant(rs, "review_due_at"),
                rs.getString("reviewed_by"),
                null,
                new StudyIdentifiers(
                        rs.getString("study_instance_uid"),
                        rs.getString("accession_number"),
                        rs.getString("patient_id")));
    }
}
