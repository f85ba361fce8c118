package org.osteon.worklist.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.osteon.events.WorklistPriority;
import org.osteon.worklist.config.WorklistConfig;

/**
 * The write-back outbox. Rows are added in the transaction of the change they carry, so a change and
 * its delivery are committed together; the dispatcher reads due rows and records each outcome.
 */
@ApplicationScoped
public class Outbox {

    /** Target names of outbox rows; each write-back target handles the rows named after it. */
    public static final String HL7 = "hl7";

    public static final String FHIR = "fhir";
    public static final String UPS = "ups";

    private final Jdbc jdbc;
    private final List<String> risTargets;
    private final WebhookSecrets secrets;

    Outbox(Jdbc jdbc, WorklistConfig config, WebhookSecrets secrets) {
        this.jdbc = jdbc;
        this.risTargets = enabledTargets(config.writeback());
        this.secrets = secrets;
    }

    static List<String> enabledTargets(WorklistConfig.Writeback writeback) {
        List<String> targets = new ArrayList<>();
        if (writeback.hl7().enabled()) {
            targets.add(HL7);
        }
        if (writeback.fhir().enabled()) {
            targets.add(FHIR);
        }
        if (writeback.ups().enabled()) {
            targets.add(UPS);
        }
        return List.copyOf(targets);
    }

    /** Queues the new priority for every enabled RIS/PACS target, in the caller's transaction. */
    void enqueuePriority(Connection connection, String studyKey, WorklistPriority priority, Instant now)
            throws SQLException {
        for (String target : risTargets) {
            insert(connection, studyKey, target, priority, null, now);
        }
    }

    /** Queues the alert for every webhook subscriber, in the caller's transaction. */
    void enqueueAlert(Connection connection, String studyKey, String alertId, Instant now) throws SQLException {
        List<String> subscriptions = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT id FROM alert_subscription WHERE kind = 'webhook' ORDER BY created_at");
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                subscriptions.add(rs.getString(1));
            }
        }
        for (String subscription : subscriptions) {
            insert(connection, studyKey, OutboxItem.WEBHOOK_PREFIX + subscription, null, alertId, now);
        }
    }

    private static void insert(
            Connection connection,
            String studyKey,
            String target,
            WorklistPriority priority,
            String alertId,
            Instant now)
            throws SQLException {
        Jdbc.update(connection, """
                INSERT INTO writeback_outbox (id, study_key, target, priority, alert_id, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, UUID.randomUUID().toString(), studyKey, target, priority, alertId, now, now);
    }

    /**
     * Due rows, oldest first. Only the oldest pending row of a study and target is due, so a peer
     * receives one study's changes in the order they were made. A RIS row waits for the accession
     * number (the decision may arrive before the image's PHI).
     */
    public List<OutboxItem> due(Instant now, int limit) {
        return jdbc.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT o.id, o.study_key, o.target, o.priority, o.attempts, w.accession_number, w.patient_id,
                           w.patient_name, w.modality, s.id AS subscription_id, s.url, s.secret_sealed,
                           a.id AS alert_id, a.decision, a.reason, a.malignant_probability, a.uncertainty,
                           a.model_version, a.provenance, a.raised_at
                    FROM writeback_outbox o
                    JOIN worklist_row w ON w.study_key = o.study_key
                    LEFT JOIN alert a ON a.id = o.alert_id
                    LEFT JOIN alert_subscription s ON o.target = 'webhook:' || s.id
                    WHERE o.status = 'PENDING' AND o.next_attempt_at <= ?
                      AND (o.alert_id IS NOT NULL OR w.accession_number IS NOT NULL)
                      AND NOT EXISTS (SELECT 1 FROM writeback_outbox e
                                      WHERE e.study_key = o.study_key AND e.target = o.target
                                        AND e.status = 'PENDING' AND e.seq < o.seq)
                    ORDER BY o.seq
                    LIMIT ?
                    """)) {
                Jdbc.set(statement, now, limit);
                try (ResultSet rs = statement.executeQuery()) {
                    List<OutboxItem> items = new ArrayList<>();
                    while (rs.next()) {
                        items.add(item(rs));
                    }
                    return items;
                }
            }
        });
    }

    private OutboxItem item(ResultSet rs) throws SQLException {
        String priority = rs.getString("priority");
        AlertRecord alert = rs.getString("alert_id") == null
                ? null
                : new AlertRecord(
                        rs.getString("alert_id"),
                        rs.getString("study_key"),
                        rs.getString("accession_number"),
                        rs.getString("decision"),
                        rs.getString("reason"),
                        Jdbc.nullableDouble(rs, "malignant_probability"),
                        Jdbc.nullableDouble(rs, "uncertainty"),
                        rs.getString("model_version"),
                        rs.getString("provenance"),
                        Jdbc.instant(rs, "raised_at"));
        // Null when the key does not open it (start-up proved it does, so only a row altered since).
        String secret = rs.getString("subscription_id") == null
                ? null
                : secrets.open(rs.getString("subscription_id"), rs.getBytes("secret_sealed"))
                        .orElse(null);
        return new OutboxItem(
                rs.getString("id"),
                rs.getString("study_key"),
                rs.getString("target"),
                priority == null ? null : WorklistPriority.valueOf(priority),
                rs.getInt("attempts"),
                rs.getString("accession_number"),
                rs.getString("patient_id"),
                rs.getString("patient_name"),
                rs.getString("modality"),
                alert,
                rs.getString("url"),
                secret);
    }

    /*
     * Each outcome is recorded under the dispatcher's fencing token (DispatchLeases): a replica whose
     * lease was taken over gets LeaseLostException and records nothing.
     */

    /** Throws {@link LeaseLostException} unless {@code fencingToken} is the lease's current token. */
    public void checkFence(long fencingToken) {
        jdbc.inTransaction(connection -> {
            DispatchLeases.fence(connection, fencingToken);
            return null;
        });
    }

    /** The peer acknowledged the delivery: never sent again, and the trail says so. */
    public void acknowledged(OutboxItem item, String detail, Instant now, long fencingToken) {
        finish(item, "ACKED", AuditEntry.WRITEBACK_ACKNOWLEDGED, detail, now, fencingToken);
    }

    /** Given up (rejected, or out of attempts), after the dead letter was published. */
    public void deadLettered(OutboxItem item, String reason, Instant now, long fencingToken) {
        finish(item, "DEAD", AuditEntry.WRITEBACK_DEAD_LETTERED, reason, now, fencingToken);
    }

    private void finish(OutboxItem item, String status, String action, String detail, Instant now, long fencingToken) {
        jdbc.inTransaction(connection -> {
            DispatchLeases.fence(connection, fencingToken);
            Jdbc.update(
                    connection,
                    "UPDATE writeback_outbox SET status = ?, attempts = attempts + 1, last_error = ?, "
                            + "finished_at = ?, fencing_token = ? WHERE id = ? AND status = 'PENDING'",
                    status,
                    "ACKED".equals(status) ? null : detail,
                    now,
                    fencingToken,
                    item.id());
            AuditTrail.append(
                    connection,
                    new AuditEntry(
                            item.studyKey(),
                            action,
                            "WRITEBACK",
                            item.target(),
                            null,
                            item.priority(),
                            detail,
                            null,
                            action + ":" + item.id(),
                            now));
            return null;
        });
    }

    /** A failed attempt that may succeed later: try again at {@code nextAttemptAt}. */
    public void retryLater(OutboxItem item, String error, Instant nextAttemptAt, long fencingToken) {
        jdbc.inTransaction(connection -> {
            DispatchLeases.fence(connection, fencingToken);
            return Jdbc.update(
                    connection,
                    "UPDATE writeback_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, "
                            + "fencing_token = ? WHERE id = ? AND status = 'PENDING'",
                    error,
                    nextAttemptAt,
                    fencingToken,
                    item.id());
        });
    }

    /** Every delivery of one study, oldest first, for the API and the tests. */
    public List<OutboxStatus> forStudy(String studyKey) {
        return jdbc.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT id, target, priority, status, attempts, last_error FROM writeback_outbox
                    WHERE study_key = ? ORDER BY seq
                    """)) {
                statement.setString(1, studyKey);
                try (ResultSet rs = statement.executeQuery()) {
                    List<OutboxStatus> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(new OutboxStatus(
                                rs.getString("id"),
                                rs.getString("target"),
                                rs.getString("priority"),
                                rs.getString("status"),
                                rs.getInt("attempts"),
                                rs.getString("last_error")));
                    }
                    return rows;
                }
            }
        });
    }

    /** One delivery's state, as GET /api/worklist/{studyKey}/writeback shows it. */
    public record OutboxStatus(
            String id, String target, String priority, String status, int attempts, String lastError) {}
}
