package org.osteon.worklist.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.osteon.events.FeedbackVerdict;
import org.osteon.events.Triage;
import org.osteon.events.WorklistPriority;
import org.osteon.worklist.config.WorklistConfig;
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
    private final Outbox outbox;
    private final WorklistConfig.Worklist worklist;
    private final ReprioritizationPolicy policy = new ReprioritizationPolicy();
    private final Clock clock = Clock.systemUTC();

    WorklistStore(Jdbc jdbc, Outbox outbox, WorklistConfig config) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.worklist = config.worklist();
    }

    /** Adds the image's PHI to its study's row; empty when the event was already applied. */
    public Optional<WorklistRow> recordReceived(ReceivedImage image) {
        Instant now = now();
        return jdbc.inTransaction(connection -> {
            // The first image's PHI stays: later images of one study carry the same values anyway.
            Jdbc.update(
                    connection,
                    """
                    INSERT INTO worklist_row (study_key, accession_number, patient_name, patient_id, modality,
                                              study_instance_uid, phi_received_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (study_key) DO UPDATE SET
                        accession_number = COALESCE(worklist_row.accession_number, EXCLUDED.accession_number),
                        patient_name = COALESCE(worklist_row.patient_name, EXCLUDED.patient_name),
                        patient_id = COALESCE(worklist_row.patient_id, EXCLUDED.patient_id),
                        modality = COALESCE(worklist_row.modality, EXCLUDED.modality),
                        study_instance_uid = COALESCE(worklist_row.study_instance_uid, EXCLUDED.study_instance_uid),
                        phi_received_at = LEAST(worklist_row.phi_received_at, EXCLUDED.phi_received_at),
                        updated_at = EXCLUDED.updated_at
                    """,
                    image.studyKey(),
                    image.accessionNumber(),
                    image.patientName(),
                    image.patientId(),
                    image.modality(),
                    image.studyInstanceUid(),
                    image.receivedAt(),
                    now);
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

    /**
     * Applies the policy to a decision and commits the outcome, once per decision event id: the row,
     * the audit trail, the review deadline, the write-back outbox and the alert, in one transaction.
     */
    public DecisionCommit applyDecision(IncomingDecision decision) {
        return jdbc.inTransaction(connection -> {
            Jdbc.update(
                    connection,
                    "INSERT INTO worklist_row (study_key, updated_at) VALUES (?, ?) "
                            + "ON CONFLICT (study_key) DO NOTHING",
                    decision.studyKey(),
                    now());
            Locked locked = lock(connection, decision.studyKey()).orElseThrow();
            Optional<AppliedDecision> earlier = AppliedDecisions.find(connection, decision.eventId());
            if (earlier.isPresent()) {
                return new DecisionCommit(
                        earlier.get(),
                        WorklistQueries.find(connection, decision.studyKey()).orElseThrow(),
                        true,
                        Alerts.forDecision(connection, decision.eventId()).orElse(null));
            }
            Optional<AppliedDecision> sameImage = decision.instanceKey() == null
                    ? Optional.empty()
                    : AppliedDecisions.findSameImageOutcome(
                            connection,
                            decision.instanceKey(),
                            decision.decision().name(),
                            decision.modelVersion());
            if (sameImage.isPresent()) {
                // Its first outcome stands; the alert and write-back it caused are not raised again.
                return new DecisionCommit(
                        sameImage.get(),
                        WorklistQueries.find(connection, decision.studyKey()).orElseThrow(),
                        true,
                        null);
            }
            PolicyResult result = policy.apply(locked.state(), decision.decision());
            // Taken last, just before commit, so the latency covers all the work of this transaction.
            Instant committedAt = now();
            updateRow(connection, decision, result, committedAt);
            String reason = eventReason(result, result.adoptsDecision() ? decision.reason() : locked.reason());
            AppliedDecision applied = new AppliedDecision(
                    UUID.randomUUID().toString(),
                    decision.studyKey(),
                    decision.decision().name(),
                    reason,
                    decision.modelVersion(),
                    decision.provenance(),
                    decision.receivedAt(),
                    committedAt,
                    locked.state().priority().name(),
                    result.priority().name(),
                    result.needsReview());
            AppliedDecisions.insert(connection, decision, applied);
            String model = "model " + decision.modelVersion();
            if (result.priority() != locked.state().priority()) {
                AuditTrail.append(
                        connection,
                        new AuditEntry(
                                decision.studyKey(),
                                AuditEntry.PRIORITY_CHANGED,
                                PrioritySource.MODEL.name(),
                                model,
                                locked.state().priority(),
                                result.priority(),
                                decision.decision() + ": " + decision.reason(),
                                decision.eventId(),
                                "decision:" + decision.eventId(),
                                committedAt));
                outbox.enqueuePriority(connection, decision.studyKey(), result.priority(), committedAt);
            }
            if (result.needsReview() && !locked.state().needsReview()) {
                Jdbc.update(
                        connection,
                        "UPDATE worklist_row SET review_due_at = ? WHERE study_key = ?",
                        committedAt.plus(worklist.reviewDeadline()),
                        decision.studyKey());
                AuditTrail.append(
                        connection,
                        new AuditEntry(
                                decision.studyKey(),
                                AuditEntry.REVIEW_FLAGGED,
                                PrioritySource.MODEL.name(),
                                model,
                                null,
                                null,
                                decision.reason(),
                                decision.eventId(),
                                "review:" + decision.eventId(),
                                committedAt));
            }
            AlertRecord alert = null;
            if (result.adoptsDecision() && raisesAlert(decision.decision())) {
                alert = Alerts.raise(connection, decision, committedAt);
                outbox.enqueueAlert(connection, decision.studyKey(), alert.id(), committedAt);
            }
            return new DecisionCommit(
                    applied,
                    WorklistQueries.find(connection, decision.studyKey()).orElseThrow(),
                    false,
                    alert);
        });
    }

    /** The model's findings a person should hear about now: a likely malignancy, or a study it abstained on. */
    private static boolean raisesAlert(Triage decision) {
        return decision == Triage.ESCALATE || decision == Triage.REVIEW;
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
            Jdbc.update(
                    connection,
                    "UPDATE worklist_row SET priority = ?, priority_source = ?, updated_at = ? "
                            + "WHERE study_key = ?",
                    result.priority(),
                    result.source(),
                    now,
                    studyKey);
            AuditTrail.append(
                    connection,
                    new AuditEntry(
                            studyKey,
                            AuditEntry.PRIORITY_CHANGED,
                            PrioritySource.HUMAN.name(),
                            user,
                            locked.get().state().priority(),
                            result.priority(),
                            "set by a person",
                            null,
                            "person:" + UUID.randomUUID(),
                            now));
            // Asking again for the priority a study already has changes nothing outside the adapter.
            if (result.priority() != locked.get().state().priority()) {
                outbox.enqueuePriority(connection, studyKey, result.priority(), now);
            }
            return WorklistQueries.find(connection, studyKey);
        });
    }

    /**
     * Anti-starvation sweep: promotes every study that waited past the wait-time cap (review-lane
     * studies: past their review deadline), each once, in its own transaction. Returns the changed rows.
     */
    public List<WorklistRow> promoteWaiting() {
        Instant now = now();
        List<String> candidates = jdbc.read(connection -> WaitCap.candidates(connection, now, worklist.waitCap()));
        List<WorklistRow> promoted = new ArrayList<>();
        for (String studyKey : candidates) {
            jdbc.inTransaction(connection -> {
                Locked locked = lock(connection, studyKey).orElseThrow();
                String changeKey = "wait-cap:" + studyKey;
                if (AuditTrail.contains(connection, changeKey)) {
                    return null;
                }
                WaitCap.Waited waited = WaitCap.waited(connection, studyKey, now, worklist.reviewDeadline());
                Duration limit = locked.state().needsReview() ? worklist.reviewDeadline() : worklist.waitCap();
                Optional<PolicyResult> result = policy.promoteIfWaitedTooLong(locked.state(), waited.duration(), limit);
                if (result.isEmpty()) {
                    return null;
                }
                Jdbc.update(
                        connection,
                        "UPDATE worklist_row SET priority = ?, priority_source = ?, updated_at = ? "
                                + "WHERE study_key = ?",
                        result.get().priority(),
                        result.get().source(),
                        now,
                        studyKey);
                AuditTrail.append(
                        connection,
                        new AuditEntry(
                                studyKey,
                                AuditEntry.PRIORITY_CHANGED,
                                PrioritySource.WAIT_CAP.name(),
                                (locked.state().needsReview() ? "review deadline " : "wait-time cap ") + limit,
                                locked.state().priority(),
                                result.get().priority(),
                                "waited " + waited.duration().toMinutes() + " min " + waited.since(),
                                null,
                                changeKey,
                                now));
                outbox.enqueuePriority(connection, studyKey, result.get().priority(), now);
                WorklistQueries.find(connection, studyKey).ifPresent(promoted::add);
                return null;
            });
        }
        return promoted;
    }

    /** A person reviewed a study in the review lane; empty when the study is unknown. */
    public Optional<WorklistRow> markReviewed(String studyKey, String user, String note) {
        return jdbc.inTransaction(connection -> {
            Optional<Locked> locked = lock(connection, studyKey);
            if (locked.isEmpty()) {
                return Optional.empty();
            }
            if (locked.get().state().needsReview()) {
                Instant now = now();
                Jdbc.update(
                        connection,
                        "UPDATE worklist_row SET needs_review = FALSE, reviewed_by = ?, reviewed_at = ?, "
                                + "updated_at = ? WHERE study_key = ?",
                        user,
                        now,
                        now,
                        studyKey);
                AuditTrail.append(
                        connection,
                        new AuditEntry(
                                studyKey,
                                AuditEntry.REVIEWED,
                                PrioritySource.HUMAN.name(),
                                user,
                                null,
                                null,
                                note == null || note.isBlank() ? "reviewed" : note,
                                null,
                                "reviewed:" + UUID.randomUUID(),
                                now));
            }
            return WorklistQueries.find(connection, studyKey);
        });
    }

    /**
     * Records a reader's verdict on the study's AI decision, once per study and reader, with the
     * figures the worklist showed, and appends it to the audit trail. The same verdict again returns
     * the stored one (to republish with the same event id); the other verdict is refused.
     */
    public FeedbackOutcome recordFeedback(String studyKey, String reader, FeedbackVerdict verdict, String comment) {
        return jdbc.inTransaction(connection -> {
            if (lock(connection, studyKey).isEmpty()) {
                return new FeedbackOutcome.UnknownStudy();
            }
            Optional<FeedbackRecord> earlier = TriageFeedbacks.find(connection, studyKey, reader);
            if (earlier.isPresent()) {
                return earlier.get().verdict() == verdict
                        ? new FeedbackOutcome.Recorded(earlier.get())
                        : new FeedbackOutcome.Conflicting(earlier.get());
            }
            WorklistRow row = WorklistQueries.find(connection, studyKey).orElseThrow();
            if (row.decision() == null) {
                return new FeedbackOutcome.NotTriaged();
            }
            Instant now = now();
            FeedbackRecord feedback = new FeedbackRecord(
                    UUID.randomUUID().toString(),
                    now,
                    studyKey,
                    verdict,
                    row.decision(),
                    row.malignantProbability(),
                    row.uncertainty(),
                    row.modelVersion(),
                    WorklistQueries.site(connection, studyKey),
                    reader,
                    comment,
                    "Reader verdict on: " + row.provenance(),
                    false);
            TriageFeedbacks.insert(connection, feedback);
            AuditTrail.append(
                    connection,
                    new AuditEntry(
                            studyKey,
                            AuditEntry.FEEDBACK_RECORDED,
                            PrioritySource.HUMAN.name(),
                            reader,
                            null,
                            null,
                            verdict + " of the AI decision " + row.decision() + " (model " + row.modelVersion() + ")",
                            null,
                            "feedback:" + feedback.eventId(),
                            now));
            return new FeedbackOutcome.Recorded(feedback);
        });
    }

    /** The study's audit trail, oldest first. */
    public List<AuditEntry> audit(String studyKey) {
        return jdbc.read(connection -> AuditTrail.forStudy(connection, studyKey));
    }

    private static void updateRow(
            Connection connection, IncomingDecision decision, PolicyResult result, Instant committedAt)
            throws SQLException {
        long latency = committedAt.toEpochMilli() - decision.receivedAt().toEpochMilli();
        // first_outcome_* are written once: the study's latency is that of its first committed outcome.
        String common = "priority = ?, priority_source = ?, decision = ?, needs_review = ?, updated_at = ?, "
                + "first_outcome_at = COALESCE(first_outcome_at, ?), first_latency_ms = COALESCE(first_latency_ms, ?)";
        if (result.adoptsDecision()) {
            // The image travels with the outcome: the study view shows the image that was decided on.
            DecidedImage image = decision.image();
            Jdbc.update(
                    connection,
                    "UPDATE worklist_row SET " + common + ", reason = ?, malignant_probability = ?, "
                            + "uncertainty = ?, model_version = ?, provenance = ?, decision_received_at = ?, site = ?, "
                            + "object_uri = ?, cam_uri = ?, cam_height = ?, cam_width = ? WHERE study_key = ?",
                    result.priority(),
                    result.source(),
                    result.outcome(),
                    result.needsReview(),
                    committedAt,
                    committedAt,
                    latency,
                    decision.reason(),
                    decision.malignantProbability(),
                    decision.uncertainty(),
                    decision.modelVersion(),
                    decision.provenance(),
                    decision.receivedAt(),
                    image.site(),
                    image.objectUri(),
                    image.usableCamUri(),
                    image.camHeight(),
                    image.camWidth(),
                    decision.studyKey());
        } else {
            Jdbc.update(
                    connection,
                    "UPDATE worklist_row SET " + common + " WHERE study_key = ?",
                    result.priority(),
                    result.source(),
                    result.outcome(),
                    result.needsReview(),
                    committedAt,
                    committedAt,
                    latency,
                    decision.studyKey());
        }
    }

    private static String eventReason(PolicyResult result, String outcomeReason) {
        if (result.source() == PrioritySource.HUMAN) {
            return "Priority " + result.priority() + " was set by a person; the model never lowers it. "
                    + outcomeReason;
        }
        return outcomeReason;
    }

    private record Locked(StudyState state, String reason) {}

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
                StudyState state = new StudyState(
                        WorklistPriority.valueOf(rs.getString("priority")),
                        PrioritySource.valueOf(rs.getString("priority_source")),
                        decision == null ? null : Triage.valueOf(decision),
                        rs.getBoolean("needs_review"));
                return Optional.of(new Locked(state, rs.getString("reason")));
            }
        }
    }

    /** Millisecond precision, as the events carry, so the database and the event agree exactly. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
