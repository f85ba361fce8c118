package org.osteon.worklist.store;

/** What looking a study up by its key or accession number found: one study, none, or more than one. */
public sealed interface StudyMatch {

    /** Exactly one study; {@code site} is null while the worklist does not know it. */
    record Found(String studyKey, String site) implements StudyMatch {}

    record None() implements StudyMatch {}

    record Ambiguous() implements StudyMatch {}
}
