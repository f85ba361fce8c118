package org.osteon.worklist.store;

import java.time.Instant;
import org.osteon.events.FeedbackVerdict;

/**
 * A reader's verdict on a study's AI decision, with the figures the reader saw. Holds no PHI: the
 * study is its pseudonym, the reader is staff.
 *
 * @param duplicate true when the reader had already given this verdict and this is the stored one
 */
public record FeedbackRecord(
        String eventId,
        Instant recordedAt,
        String studyKey,
        FeedbackVerdict verdict,
        String aiDecision,
        Double malignantProbability,
        Double uncertainty,
        String modelVersion,
        String site,
        String reader,
        String comment,
        String provenance,
        boolean duplicate) {}
