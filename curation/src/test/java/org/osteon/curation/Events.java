package org.osteon.curation;

import java.time.Instant;
import java.util.UUID;
import org.osteon.events.DiagnosisFinding;
import org.osteon.events.DiagnosisSource;
import org.osteon.events.FeedbackVerdict;
import org.osteon.events.RadiographDeidentified;
import org.osteon.events.RadiographScored;
import org.osteon.events.TriageDiagnosis;
import org.osteon.events.TriageFeedback;
import org.osteon.schemas.Provenance;

/** Events as the services write them, for the curation tests. Pseudonyms are lower-case base32. */
public final class Events {

    private Events() {}

    public static TriageDiagnosis diagnosis(
            String studyKey,
            DiagnosisFinding finding,
            DiagnosisSource source,
            Instant diagnosedAt,
            Instant recordedAt) {
        return TriageDiagnosis.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setRecordedAt(recordedAt)
                .setStudyKey(studyKey)
                .setFinding(finding)
                .setSource(source)
                .setDiagnosedAt(diagnosedAt)
                .setCode(finding == DiagnosisFinding.MALIGNANT ? "9180/3" : null)
                .setSite("site-b")
                .setRecordedBy("pathologist")
                .setProvenance(Provenance.NOT_FOR_CLINICAL_USE)
                .build();
    }

    public static TriageFeedback feedback(
            String studyKey, String aiDecision, FeedbackVerdict verdict, Instant recordedAt) {
        return TriageFeedback.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setRecordedAt(recordedAt)
                .setStudyKey(studyKey)
                .setVerdict(verdict)
                .setAiDecision(aiDecision)
                .setReader("reader")
                .setProvenance(Provenance.NOT_FOR_CLINICAL_USE)
                .build();
    }

    public static RadiographDeidentified deidentified(
            String studyKey, String instanceKey, String objectUri, String site, boolean eligible) {
        Instant now = Instant.parse("2026-11-02T10:00:00Z");
        return RadiographDeidentified.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setReceivedAt(now)
                .setDeidentifiedAt(now)
                .setStudyKey(studyKey)
                .setSeriesKey(studyKey + "s")
                .setInstanceKey(instanceKey)
                .setPseudonymKeyId("k1")
                .setObjectUri(objectUri)
                .setSopClassUid("1.2.840.10008.5.1.4.1.1.1")
                .setModality("CR")
                .setBodyPartExamined("FEMUR")
                .setViewPosition("AP")
                .setPatientAgeYears(34)
                .setPatientSex("F")
                .setEligible(eligible)
                .setIneligibleReason(eligible ? null : "not a projection radiograph")
                .setDeidentificationMethod("Basic Application Confidentiality Profile")
                .setSite(site)
                .build();
    }

    public static RadiographScored scored(String studyKey, String instanceKey, String role, Instant scoredAt) {
        return RadiographScored.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setReceivedAt(scoredAt)
                .setScoredAt(scoredAt)
                .setStudyKey(studyKey)
                .setInstanceKey(instanceKey)
                .setModelName("osteon")
                .setModelVersion(role.equals("shadow") ? "2.0.0" : "1.0.0")
                .setLabels(java.util.List.of("normal", "benign", "malignant"))
                .setProbabilities(java.util.List.of(0.2, 0.1, 0.7))
                .setProbabilitySpread(java.util.List.of(0.01, 0.01, 0.02))
                .setMalignantProbability(0.7)
                .setUncertainty(0.2)
                .setEscalateThreshold(0.3)
                .setReviewUncertaintyThreshold(0.6)
                .setAlpha(0.05)
                .setExecutionProvider("CPU")
                .setInferenceMillis(3.0)
                .setBatchSize(1)
                .setProvenance(Provenance.NOT_FOR_CLINICAL_USE)
                .setModelRole(role)
                .build();
    }
}
