package org.osteon.worklist.store;

import java.time.Instant;

/** The PHI the worklist keeps from one RadiographReceived, already keyed by study pseudonym. */
public record ReceivedImage(
        String eventId,
        String studyKey,
        Instant receivedAt,
        String accessionNumber,
        String patientName,
        String patientId,
        String modality,
        String studyInstanceUid) {}
