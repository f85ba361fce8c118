package org.osteon.worklist.diagnosis;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import org.osteon.events.TriageDiagnosis;
import org.osteon.schemas.Provenance;
import org.osteon.worklist.publish.EventPublisher;
import org.osteon.worklist.store.StudyMatch;
import org.osteon.worklist.store.WorklistQueries;

/**
 * The one way a final diagnosis enters Osteon, for the REST intake and the HL7 listener alike: the study
 * reference is resolved to its pseudonym through the worklist store, and a TriageDiagnosis without PHI is
 * published on triage-diagnosis-v1, keyed by that pseudonym. Nothing is stored here: the topic is the
 * record, and the dataset build reconciles it with the readers' feedback.
 */
@ApplicationScoped
public class DiagnosisIntake {

    private final WorklistQueries queries;
    private final EventPublisher publisher;
    private final Clock clock;

    DiagnosisIntake(WorklistQueries queries, EventPublisher publisher) {
        this.queries = queries;
        this.publisher = publisher;
        this.clock = Clock.systemUTC();
    }

    /**
     * Publishes the diagnosis and returns the event. Throws {@link UnknownStudyException} when the worklist
     * has no single study for the reference, and the platform's PublishException when Kafka did not take it.
     */
    public TriageDiagnosis record(Diagnosis diagnosis) {
        boolean byKey = diagnosis.study() instanceof StudyReference.ByKey;
        StudyMatch match = diagnosis.study() instanceof StudyReference.ByKey key
                ? queries.studyByKey(key.studyKey())
                : queries.studyByAccession(((StudyReference.ByAccession) diagnosis.study()).accessionNumber());
        if (match instanceof StudyMatch.Ambiguous) {
            throw new UnknownStudyException("more than one study carries this accession number; give the study key");
        }
        if (!(match instanceof StudyMatch.Found study)) {
            throw new UnknownStudyException(
                    byKey
                            ? "no study with this study key on the worklist"
                            : "no study with this accession number on the worklist");
        }
        // diagnosedAt is the receipt time, never the clinical date from HL7 or the admin: a real date of care
        // on a topic without PHI would re-identify (DICOM dates in the research zone are shifted for the same
        // reason). It orders a study's diagnoses within a source (docs/learning.md, "Labels").
        Instant received = Instant.now(clock);
        TriageDiagnosis event = TriageDiagnosis.newBuilder()
                .setEventId(diagnosis.eventId())
                .setRecordedAt(received)
                .setStudyKey(study.studyKey())
                .setFinding(diagnosis.finding())
                .setSource(diagnosis.source())
                .setDiagnosedAt(received)
                .setCode(diagnosis.code())
                .setSite(study.site())
                .setRecordedBy(diagnosis.recordedBy())
                .setProvenance(Provenance.NOT_FOR_CLINICAL_USE)
                .build();
        publisher.diagnosis(event);
        return event;
    }
}
