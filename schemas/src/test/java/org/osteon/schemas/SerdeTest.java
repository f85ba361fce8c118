package org.osteon.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osteon.events.DeadLetter;
import org.osteon.events.RadiographScored;
import org.osteon.events.Triage;
import org.osteon.events.TriageDecision;
import org.osteon.schemas.serde.InvalidRecordException;
import org.osteon.schemas.topic.Topics;

class SerdeTest {

    static TriageDecision decision() {
        return TriageDecision.newBuilder()
                .setEventId("e-1")
                .setReceivedAt(Instant.ofEpochMilli(1_000))
                .setDecidedAt(Instant.ofEpochMilli(1_250))
                .setStudyKey("S")
                .setInstanceKey("I")
                .setDecision(Triage.ESCALATE)
                .setReason("p=0.91 >= 0.2")
                .setMalignantProbability(0.91)
                .setUncertainty(0.1)
                .setModelVersion("0.1.0")
                .setProvenance(Provenance.NOT_FOR_CLINICAL_USE)
                .build();
    }

    @Test
    void shouldRoundTripThroughTheRegisteredSerde() {
        var serde = Topics.TRIAGE_DECISION.valueSerde();
        byte[] bytes = serde.serializer().serialize("t", decision());
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(decision());
    }

    @Test
    void shouldCarryTheSchemaFingerprintNotTheSchema() {
        byte[] bytes = Topics.TRIAGE_DECISION.valueSerde().serializer().serialize("t", decision());
        // Single-object encoding marker C3 01, then an 8-byte fingerprint.
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("\"fields\"");
    }

    @Test
    void shouldRejectGarbageWithAClearError() {
        var deserializer = Topics.RADIOGRAPH_SCORED.valueSerde().deserializer();
        assertThatThrownBy(() -> deserializer.deserialize("t", "not avro".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("RadiographScored");
    }

    @Test
    void shouldRejectARecordOfAnotherType() {
        byte[] decisionBytes = Topics.TRIAGE_DECISION.valueSerde().serializer().serialize("t", decision());
        assertThatThrownBy(() -> Topics.DEAD_LETTER.valueSerde().deserializer().deserialize("t", decisionBytes))
                .isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void shouldRoundTripArraysAndNulls() {
        RadiographScored scored = RadiographScored.newBuilder()
                .setEventId("e")
                .setReceivedAt(Instant.EPOCH)
                .setScoredAt(Instant.EPOCH)
                .setStudyKey("S")
                .setInstanceKey("I")
                .setModelName("m")
                .setModelVersion("v")
                .setLabels(List.of("normal", "benign", "malignant"))
                .setProbabilities(List.of(0.7, 0.2, 0.1))
                .setProbabilitySpread(List.of(0.01, 0.02, 0.03))
                .setMalignantProbability(0.1)
                .setUncertainty(0.2)
                .setEscalateThreshold(0.3)
                .setReviewUncertaintyThreshold(0.6)
                .setAlpha(0.05)
                .setExecutionProvider("CPU")
                .setInferenceMillis(3.5)
                .setBatchSize(4)
                .setProvenance(Provenance.NOT_FOR_CLINICAL_USE)
                .build();
        var serde = Topics.RADIOGRAPH_SCORED.valueSerde();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", scored)))
                .isEqualTo(scored);
        DeadLetter dl = DeadLetter.newBuilder()
                .setEventId("d")
                .setFailedAt(Instant.EPOCH)
                .setStage("score")
                .setErrorType("UNREADABLE_DICOM")
                .setReason("truncated")
                .build();
        var dls = Topics.DEAD_LETTER.valueSerde();
        assertThat(dls.deserializer().deserialize("t", dls.serializer().serialize("t", dl)))
                .isEqualTo(dl);
    }
}
