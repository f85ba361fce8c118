package org.osteon.scoring;

import java.time.Instant;
import org.osteon.events.RadiographDeidentified;

/** A de-identified event as the streams module would produce it. */
public final class TestEvents {

    private TestEvents() {}

    public static RadiographDeidentified deidentified(String objectUri, String instanceKey) {
        return RadiographDeidentified.newBuilder()
                .setEventId("e-" + instanceKey)
                .setReceivedAt(Instant.ofEpochMilli(1_000))
                .setDeidentifiedAt(Instant.ofEpochMilli(2_000))
                .setStudyKey("STUDY")
                .setSeriesKey("SERIES")
                .setInstanceKey(instanceKey)
                .setPseudonymKeyId("k1")
                .setObjectUri(objectUri)
                .setSopClassUid("1.2.840.10008.5.1.4.1.1.1.1")
                .setModality("DX")
                .setEligible(true)
                .setDeidentificationMethod("Basic Application Confidentiality Profile")
                .build();
    }
}
