package org.osteon.worklist.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import org.osteon.worklist.viewer.StudyIdentifiers;

/**
 * One study on the worklist, as the page and the REST API show it. Holds PHI (accession, patient
 * name): it never leaves the PHI zone.
 *
 * @param receivedAt gateway receipt of the study's first image, or of the decision while the
 *     received event has not arrived yet
 * @param status "awaiting triage" until a decision is committed, then "triaged"
 * @param pacsViewerUrl the study in the PACS viewer, set by PacsViewerLinks on the way to the page; null
 *     when no viewer is configured or the study's identifiers are not known yet
 * @param identifiers the DICOM identifiers the link is built from; never serialized: the page gets the
 *     link, not the Study UID or the Patient ID
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
        String reviewedBy,
        String pacsViewerUrl,
        @JsonIgnore StudyIdentifiers identifiers) {

    public static final String AWAITING_TRIAGE = "awaiting triage";
    public static final String TRIAGED = "triaged";

    /** The same row with its PACS viewer link (null: none). */
    public WorklistRow withPacsViewerUrl(String url) {
        return new WorklistRow(
                studyKey,
                accessionNumber,
                patientName,
                modality,
                priority,
                prioritySource,
                decision,
                needsReview,
                reason,
                malignantProbability,
                uncertainty,
                modelVersion,
                receivedAt,
                updatedAt,
                provenance,
                status,
                reviewDueAt,
                reviewedBy,
                url,
                identifiers);
    }
}
