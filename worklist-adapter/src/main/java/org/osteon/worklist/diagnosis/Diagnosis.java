package org.osteon.worklist.diagnosis;

import org.osteon.events.DiagnosisFinding;
import org.osteon.events.DiagnosisSource;

/**
 * A diagnosis as an intake received it, before its study is resolved. It has no clinical date: the event
 * orders diagnoses by when the adapter received them (docs/security.md, "Diagnoses").
 *
 * @param code an ICD-O-3 morphology or SNOMED CT id ({@link DiagnosisCodes}), or null
 * @param recordedBy the admin's login, or {@code hl7:<application>@<facility>}
 * @param eventId the event id to publish under (see TriageDiagnosis.eventId)
 */
public record Diagnosis(
        StudyReference study,
        DiagnosisFinding finding,
        DiagnosisSource source,
        String code,
        String recordedBy,
        String eventId) {

    public Diagnosis {
        if (code != null && !DiagnosisCodes.valid(code)) {
            throw new IllegalArgumentException("a diagnosis code must be an ICD-O-3 morphology or a SNOMED CT id");
        }
    }
}
