package org.osteon.worklist.store;

import java.time.Instant;

/**
 * An alert raised when the model escalates a study or sends it to the review lane.
 *
 * @param accessionNumber PHI from the study's row; null while the image's PHI has not arrived
 */
public record AlertRecord(
        String id,
        String studyKey,
        String accessionNumber,
        String decision,
        String reason,
        Double malignantProbability,
        Double uncertainty,
        String modelVersion,
        String provenance,
        Instant raisedAt) {}
