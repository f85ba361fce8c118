package org.osteon.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.events.DeadLetter;
import org.osteon.events.RadiographScored;
import org.osteon.events.Triage;
import org.osteon.events.TriageDecision;
import org.osteon.schemas.Provenance;
import org.osteon.schemas.topic.Topics;

class GateStepTest {

    @TempDir
    Path dir;

    private TopologyFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new TopologyFixture(dir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private TriageDecision gate(double probability, double uncertainty) {
        RadiographScored scored = TopologyFixture.scored(
                "studykey", "instancekey", Instant.parse("2026-01-02T03:04:04Z"), probability, uncertainty);
        fixture.input(Topics.RADIOGRAPH_SCORED).pipeInput("studykey", scored);
        TestRecord<String, TriageDecision> record =
                fixture.output(Topics.TRIAGE_DECISION).readRecord();
        assertThat(record.key()).isEqualTo("studykey");
        return record.value();
    }

    @Test
    void shouldSendAnUncertainModelToReviewEvenWhenTheProbabilityIsHigh() {
        TriageDecision decision = gate(0.99, 0.20);

        assertThat(decision.getDecision()).isEqualTo(Triage.REVIEW);
        assertThat(decision.getReason()).contains("0.2000").contains(">=");
    }

    @Test
    void shouldEscalateAtTheThresholdExactly() {
        TriageDecision decision = gate(0.30, 0.1999);

        assertThat(decision.getDecision()).isEqualTo(Triage.ESCALATE);
        assertThat(decision.getReason()).contains("0.3000").contains("9.8.7");
    }

    @Test
    void shouldLeaveRoutineJustBelowTheThreshold() {
        TriageDecision decision = gate(0.2999, 0.0);

        assertThat(decision.getDecision()).isEqualTo(Triage.ROUTINE);
        assertThat(decision.getReason()).contains("0.2999 < escalate threshold 0.3000");
    }

    @Test
    void shouldCarryModelVersionReceiptTimeAndProvenance() {
        TriageDecision decision = gate(0.5, 0.05);

        assertThat(decision.getModelVersion()).isEqualTo("9.8.7");
        assertThat(decision.getReceivedAt()).isEqualTo(Instant.parse("2026-01-02T03:04:04Z"));
        assertThat(decision.getDecidedAt()).isEqualTo(TopologyFixture.NOW);
        assertThat(decision.getProvenance()).isEqualTo(Provenance.NOT_FOR_CLINICAL_USE);
        assertThat(decision.getMalignantProbability()).isEqualTo(0.5);
        assertThat(decision.getInstanceKey()).isEqualTo("instancekey");
    }

    @Test
    void shouldPointAtTheImageAndItsActivationMapSoAReaderCanSeeWhatWasDecided() {
        TriageDecision decision = gate(0.5, 0.05);

        assertThat(decision.getSite()).isEqualTo("site-a");
        assertThat(decision.getObjectUri()).isEqualTo("file:///research/studykey/instancekey.dcm");
        assertThat(decision.getCamUri()).isEqualTo("file:///research/studykey/instancekey.cam");
        assertThat(decision.getCamShape()).containsExactly(8, 8);
    }

    @Test
    void shouldDeadLetterAnUndecodableScoreOutsideThePhiZone() {
        fixture.rawInput(Topics.RADIOGRAPH_SCORED).pipeInput("studykey", "garbage".getBytes(StandardCharsets.UTF_8));

        DeadLetter letter = fixture.output(Topics.DEAD_LETTER).readValue();
        assertThat(letter.getStage()).isEqualTo("gate");
        assertThat(letter.getErrorType()).isEqualTo("UNDECODABLE_RECORD");
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.RADIOGRAPH_SCORED.name());
        assertThat(fixture.output(Topics.PHI_DEAD_LETTER).isEmpty()).isTrue();
        assertThat(fixture.output(Topics.TRIAGE_DECISION).isEmpty()).isTrue();
    }
}
