package org.osteon.worklist.store;

import java.time.Instant;

/**
 * One study on the worklist, as the page and the REST API show it. Holds PHI (accession, patient
 * name): it never leaves the PHI zone.
 *
 * @param receivedAt gateway receipt of the study's first image, or of the decision while the
 *     received event has not arrived yet
 * @param status "awaiting triage" until a decision is committed, then "triaged"
 */
public record WorklistRow(
        String studyKey,
        String accessionNumber,
        String patientName,
        String modality,
        String priority,
        String prioritySource,
        String decision,
        boolean needsReview,
        String reason,
        Double malignantProbability,
        Double uncertainty,
        String modelVersion,
        Instant receivedAt,
        Instant updatedAt,
        String provenance,
        String status,
        Instant reviewDueAt,
        String reviewedBy) {

    public static final String AWAITING_TRIAGE = "awaiting triage";
    public static final String TRIAGED = "triaged";
}
