package org.osteon.worklist.store;

import java.time.Instant;
import org.osteon.events.Triage;

/**
 * The fields of a TriageDecision the store keeps; decoupled from Avro so the store is easy to call.
 *
 * @param image where the decided image and its activation map lie; {@link DecidedImage#NONE} when the
 *     decision names none
 */
public record IncomingDecision(
        String eventId,
        String studyKey,
        String instanceKey,
        Triage decision,
        String reason,
        Double malignantProbability,
        Double uncertainty,
        String modelVersion,
        Instant receivedAt,
        String provenance,
        DecidedImage image) {}
