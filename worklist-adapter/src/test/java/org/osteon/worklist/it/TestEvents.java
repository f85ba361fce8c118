package org.osteon.worklist.it;

import java.time.Instant;
import java.util.UUID;
import org.osteon.events.IngestSource;
import org.osteon.events.RadiographReceived;
import org.osteon.events.Triage;
import org.osteon.events.TriageDecision;
import org.osteon.schemas.Provenance;

/** Inputs as the streams app writes them, with PHI values easy to search for in output bytes. */
final class TestEvents {

    private TestEvents() {}

    static RadiographReceived received(Study study, Instant receivedAt) {
        return RadiographReceived.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setReceivedAt(receivedAt)
                .setSource(IngestSource.CSTORE)
                .setCallingAeTitle("PACS")
                .setCalledAeTitle("OSTEON")
                .setObjectUri("file:///phi/" + study.uid() + ".dcm")
                .setObjectSha256("0".repeat(64))
                .setObjectSizeBytes(1234)
                .setTransferSyntaxUid("1.2.840.10008.1.2.1")
                .setSopClassUid("1.2.840.10008.5.1.4.1.1.1.1")
                .setSopInstanceUid(study.uid() + ".1.1")
                .setStudyInstanceUid(study.uid())
                .setSeriesInstanceUid(study.uid() + ".1")
                .setModality("DX")
                .setPatientId(study.patientId())
                .setPatientName(study.patientName())
                .setAccessionNumber(study.accession())
                .build();
    }

    static TriageDecision decision(String studyKey, Triage triage, Instant receivedAt) {
        return decision(UUID.randomUUID().toString(), studyKey, triage, receivedAt);
    }

    static TriageDecision decision(String eventId, String studyKey, Triage triage, Instant receivedAt) {
        boolean scored = triage != Triage.NOT_SCORED;
        return TriageDecision.newBuilder()
                .setEventId(eventId)
                .setReceivedAt(receivedAt)
                .setDecidedAt(Instant.now())
                .setStudyKey(studyKey)
                .setInstanceKey("instance-" + UUID.randomUUID())
                .setDecision(triage)
                .setReason(triage + " because the test says so")
                .setMalignantProbability(scored ? 0.91 : null)
                .setUncertainty(scored ? 0.05 : null)
                .setModelVersion(scored ? "test-model-1" : null)
                .setProvenance(Provenance.NOT_FOR_CLINICAL_USE)
                .build();
    }

    /** One study's identifiers; every value is unique so a leak into any output is detectable. */
    record Study(String uid, String accession, String patientName, String patientId) {

        static Study random() {
            String n = Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()) % 1_000_000_000L);
            return new Study("1.2.826.0.1.3680043.9." + n, "ACC" + n, "Doe^Jane" + n + "=山田^太郎=やまだ^たろう", "PID" + n);
        }
    }
}
