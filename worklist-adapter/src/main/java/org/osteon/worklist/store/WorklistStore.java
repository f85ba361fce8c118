package org.osteon.worklist.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.osteon.events.Triage;
import org.osteon.events.WorklistPriority;
import org.osteon.worklist.policy.PolicyResult;
import org.osteon.worklist.policy.PrioritySource;
import org.osteon.worklist.policy.ReprioritizationPolicy;
import org.osteon.worklist.policy.StudyState;

/**
 * Write side of the worklist. Every method is one transaction that locks the study's row, so the
 * received and decision consumers and a person at the REST API can touch one study in any order.
 */
@ApplicationScoped
public class WorklistStore {

    private final Jdbc jdbc;
    private final ReprioritizationPolicy policy = new ReprioritizationPolicy();
    private final Clock clock = Clock.systemUTC();

    WorklistStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds the image's PHI to its study's row; empty when the event was already applied. */
    public Optional<WorklistRow> recordReceived(ReceivedImage image) {
        Instant now = now();
        return jdbc.inTransaction(connection -> {
            // The first image's PHI stays: later images of one study carry the same values anyway.
            Jdbc.update(connection, """
                    INSERT INTO worklist_row (study_key, accession_number, patient_name, patient_id, modality,
                                              phi_received_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (study_key) DO UPDATE SET
                        accession_number = COALESCE(worklist_row.accession_number, EXCLUDED.accession_number),
                        patient_name = COALESCE(worklist_row.patient_name, EXCLUDED.patient_name),
                        patient_id = COALESCE(worklist_row.patient_id, EXCLUDED.patient_id),
                        modality = COALESCE(worklist_row.modality, EXCLUDED.modality),
                        phi_received_at = LEAST(worklist_row.phi_received_at, EXCLUDED.phi_received_at),
                        updated_at = EXCLUDED.updated_at
                    """, image.studyKey(), image.accessionNumber(), image.patientName(), image.patientId(),
                    image.modality(), image.receivedAt(), now);
            int inserted = Jdbc.update(connection, """
                    INSERT INTO received_image (event_id, study_key, received_at) VALUES (?, ?, ?)
                    ON CONFLICT (event_id) DO NOTHING
                    """, image.eventId(), image.studyKey(), image.receivedAt());
            if (inserted == 0) {
                throw new Jdbc.Rollback(Optional.empty());
            }
            return WorklistQueries.find(connection, image.studyKey());
        });
    }

    /** Applies the policy to a decision and commits the outcome, once per decision event id. */
    public DecisionCommit applyDecision(IncomingDecision decision) {
        return jdbc.inTransaction(connection -> {
            Jdbc.update(connection, "INSERT INTO worklist_row (study_key, updated_at) VALUES (?, ?) "
                    + "ON CONFLICT (study_key) DO NOTHING", decision.studyKey(), now());
            Locked locked = lock(connection, decision.studyKey()).orElseThrow();
            Optional<AppliedDecision> earlier = AppliedDecisions.find(connection, decision.eventId());
            if (earlier.isPresent()) {
                return new DecisionCommit(earlier.get(),
                        WorklistQueries.find(connection, decision.studyKey()).orElseThrow(), true);
            }
            PolicyResult result = policy.apply(locked.state(), decision.decision());
            // Taken last, just before commit, so the latency covers all the work of this transaction.
            Instant committedAt = now();
            updateRow(connection, decision, result, committedAt);
            String reason = eventReason(result, result.adoptsDecision() ? decision.reason() : locked.reason());
            AppliedDecision applied = new AppliedDecision(UUID.randomUUID().toString(), decision.studyKey(),
                    decision.decision().name(), reason, decision.modelVersion(), decision.provenance(),
                    decision.receivedAt(), committedAt, locked.state().priority().name(), result.priority().name(),
                    result.needsReview());
            AppliedDecisions.insert(connection, decision, applied);
            if (result.priority() != locked.state().priority()) {
                history(connection, decision.studyKey(), locked.state().priority(), result.priority(),
                        PrioritySource.MODEL, "model " + decision.modelVersion(), decision.eventId(), committedAt);
            }
            return new DecisionCommit(applied, WorklistQueries.find(connection, decision.studyKey()).orElseThrow(),
                    false);
        });
    }

    /** A person sets the priority; empty when the study is unknown. */
    public Optional<WorklistRow> setPriority(String studyKey, WorklistPriority priority, String user) {
        return jdbc.inTransaction(connection -> {
            Optional<Locked> locked = lock(connection, studyKey);
            if (locked.isEmpty()) {
                return Optional.empty();
            }
            PolicyResult result = policy.setByPerson(locked.get().state(), priority);
            Instant now = now();
            Jdbc.update(connection, "UPDATE worklist_row SET priority = ?, priority_source = ?, updated_at = ? "
                    + "WHERE study_key = ?", result.priority(), result.source(), now, studyKey);
            history(connection, studyKey, locked.get().state().priority(), result.priority(), PrioritySource.HUMAN,
                    user, null, now);
            return WorklistQueries.find(connection, studyKey);
        });
    }

    private static void updateRow(Connection connection, IncomingDecision decision, PolicyResult result,
            Instant committedAt) throws SQLException {
        long latency = committedAt.toEpochMilli() - decision.receivedAt().toEpochMilli();
        // first_outcome_* are written once: the study's latency is that of its first committed outcome.
        String common = "priority = ?, priority_source = ?, decision = ?, needs_review = ?, updated_at = ?, "
                + "first_outcome_at = COALESCE(first_outcome_at, ?), first_latency_ms = COALESCE(first_latency_ms, ?)";
        if (result.adoptsDecision()) {
            Jdbc.update(connection, "UPDATE worklist_row SET " + common + ", reason = ?, malignant_probability = ?, "
                    + "uncertainty = ?, model_version = ?, provenance = ?, decision_received_at = ? WHERE study_key = ?",
                    result.priority(), result.source(), result.outcome(), result.needsReview(), committedAt,
                    committedAt, latency, decision.reason(), decision.malignantProbability(), decision.uncertainty(),
                    decision.modelVersion(), decision.provenance(), decision.receivedAt(), decision.studyKey());
        } else {
            Jdbc.update(connection, "UPDATE worklist_row SET " + common + " WHERE study_key = ?",
                    result.priority(), result.source(), result.outcome(), result.needsReview(), committedAt,
                    committedAt, latency, decision.studyKey());
        }
    }

    private static String eventReason(PolicyResult result, String outcomeReason) {
        if (result.source() == PrioritySource.HUMAN) {
            return "Priority " + result.priority() + " was set by a person; the model never lowers it. "
                    + outcomeReason;
        }
        return outcomeReason;
    }

    private static void history(Connection connection, String studyKey, WorklistPriority previous,
            WorklistPriority next, PrioritySource source, String by, String decisionEventId, Instant at)
            throws SQLException {
        Jdbc.update(connection, """
                INSERT INTO priority_history (study_key, previous_priority, new_priority, source, changed_by,
                                              decision_event_id, changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, studyKey, previous, next, source, by, decisionEventId, at);
    }

    private record Locked(StudyState state, String reason) {
    }

    private static Optional<Locked> lock(Connection connection, String studyKey) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT priority, priority_source, decision, needs_review, reason FROM worklist_row "
                        + "WHERE study_key = ? FOR UPDATE")) {
            statement.setString(1, studyKey);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String decision = rs.getString("decision");
                StudyState state = new StudyState(WorklistPriority.valueOf(rs.getString("priority")),
                        PrioritySource.valueOf(rs.getString("priority_source")),
                        decision == null ? null : Triage.valueOf(decision), rs.getBoolean("needs_review"));
                return Optional.of(new Locked(state, rs.getString("reason")));
            }
        }
    }

    /** Millisecond precision, as the events carry, so the database and the event agree exactly. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
