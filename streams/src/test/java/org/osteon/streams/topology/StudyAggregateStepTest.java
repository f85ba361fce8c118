package org.osteon.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.events.DeadLetter;
import org.osteon.events.RadiographScored;
import org.osteon.events.StudyTriage;
import org.osteon.events.StudyTriageDecision;
import org.osteon.schemas.Provenance;
import org.osteon.schemas.topic.Topics;

class StudyAggregateStepTest {

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

    private StudyTriageDecision score(String study, String instance, double probability, double uncertainty) {
        RadiographScored scored = TopologyFixture.scored(study, instance, Instant.parse("2026-01-02T03:04:04Z"),
                probability, uncertainty);
        fixture.input(Topics.RADIOGRAPH_SCORED).pipeInput(study, scored);
        var out = fixture.output(Topics.TRIAGE_STUDY_DECISION).readRecord();
        assertThat(out.key()).isEqualTo(study);
        return out.value();
    }

    @Test
    void shouldEscalateAStudyOnceAnyImageIsConfidentlyHighRisk() {
        StudyTriageDecision first = score("study-a", "img-1", 0.05, 0.01);
        assertThat(first.getDecision()).isEqualTo(StudyTriage.NO_CHANGE);
        assertThat(first.getImages()).isEqualTo(1);

        StudyTriageDecision second = score("study-a", "img-2", 0.90, 0.01);
        assertThat(second.getDecision()).isEqualTo(StudyTriage.ESCALATE);
        assertThat(second.getDecidingInstanceKey()).isEqualTo("img-2");
        assertThat(second.getImages()).isEqualTo(2);
        assertThat(second.getEscalatedImages()).isEqualTo(1);
        assertThat(second.getMaxMalignantProbability()).isEqualTo(0.90);
        assertThat(second.getThresholdsVersion()).isEqualTo("osteon-test@9.8.7;escalate=0.3000;review=0.2000");
        assertThat(second.getModelVersion()).isEqualTo("9.8.7");
        assertThat(second.getProvenance()).isEqualTo(Provenance.NOT_FOR_CLINICAL_USE);
        assertThat(second.getReason()).contains("img-2").contains("2 image(s): 1 escalate");

        StudyTriageDecision third = score("study-a", "img-3", 0.99, 0.50);
        assertThat(third.getDecision()).as("an unsure view does not take an escalated study down")
                .isEqualTo(StudyTriage.ESCALATE);
        assertThat(third.getReviewImages()).isEqualTo(1);
    }

    @Test
    void shouldSendAStudyToReviewWhenOneViewIsUncertainAndKeepStudiesApart() {
        score("study-b", "img-1", 0.05, 0.01);
        StudyTriageDecision unsure = score("study-b", "img-2", 0.10, 0.25);
        StudyTriageDecision other = score("study-c", "img-9", 0.05, 0.01);

        assertThat(unsure.getDecision()).isEqualTo(StudyTriage.REVIEW);
        assertThat(unsure.getMaxUncertainty()).isEqualTo(0.25);
        assertThat(other.getDecision()).isEqualTo(StudyTriage.NO_CHANGE);
        assertThat(other.getImages()).isEqualTo(1);
    }

    @Test
    void shouldReplaceARescoredImageInsteadOfCountingItTwice() {
        score("study-d", "img-1", 0.90, 0.01);
        StudyTriageDecision again = score("study-d", "img-1", 0.05, 0.01);

        assertThat(again.getImages()).isEqualTo(1);
        assertThat(again.getDecision()).isEqualTo(StudyTriage.NO_CHANGE);
    }

    @Test
    void shouldDeadLetterAnUndecodableImageDecision() {
        fixture.rawInput(Topics.TRIAGE_DECISION).pipeInput("study-e", "garbage".getBytes(StandardCharsets.UTF_8));

        DeadLetter letter = fixture.output(Topics.DEAD_LETTER).readValue();
        assertThat(letter.getStage()).isEqualTo("study-aggregate");
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.TRIAGE_DECISION.name());
        assertThat(fixture.output(Topics.TRIAGE_STUDY_DECISION).isEmpty()).isTrue();
    }
}
