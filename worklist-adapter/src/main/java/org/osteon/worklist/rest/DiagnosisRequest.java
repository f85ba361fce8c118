package org.osteon.worklist.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.osteon.events.DiagnosisFinding;
import org.osteon.events.DiagnosisSource;
import org.osteon.worklist.diagnosis.DiagnosisCodes;

/**
 * Body of POST /api/diagnoses, e.g. {"accessionNumber":"ACC123","finding":"MALIGNANT","source":"PATHOLOGY",
 * "code":"9180/3"}. Exactly one of studyKey and accessionNumber; code is an ICD-O-3 morphology or a SNOMED CT id,
 * never free text. diagnosedAt is read only to be refused (400): the event carries the receipt time, never a
 * clinical date (docs/security.md), and silently dropping a date the admin gave would mislead.
 */
public record DiagnosisRequest(
        @Size(min = 1, max = 128) @Pattern(regexp = "[A-Za-z0-9_.:-]+", message = "must be a study pseudonym")
        String studyKey,

        @Size(min = 1, max = 64) String accessionNumber,
        @NotNull DiagnosisFinding finding,
        @NotNull DiagnosisSource source,
        Instant diagnosedAt,

        @Pattern(regexp = DiagnosisCodes.ANY, message = "must be an ICD-O-3 morphology (e.g. 9180/3) or a SNOMED CT id")
        String code) {}
