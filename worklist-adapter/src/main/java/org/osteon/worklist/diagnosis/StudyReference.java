package org.osteon.worklist.diagnosis;

/**
 * How a diagnosis names its study: by pseudonym (what the page shows) or by accession number (what the
 * RIS, the pathology system and an admin know). The accession number is PHI: it is only looked up,
 * never published or logged.
 */
public sealed interface StudyReference {

    record ByKey(String studyKey) implements StudyReference {}

    record ByAccession(String accessionNumber) implements StudyReference {}
}
