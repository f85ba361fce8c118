package org.osteon.curation.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osteon.curation.Events.diagnosis;
import static org.osteon.curation.Events.feedback;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osteon.events.DiagnosisFinding;
import org.osteon.events.DiagnosisSource;
import org.osteon.events.FeedbackVerdict;

class ReconciliationTest {

    private static final Instant T0 = Instant.parse("2026-10-01T08:00:00Z");

    private final Reconciliation reconciliation = new Reconciliation();

    private static Instant at(int hours) {
        return T0.plusSeconds(3600L * hours);
    }

    @Test
    void shouldLetADiagnosisBeatAnyClickEvenALaterOne() {
        reconciliation.add(
                diagnosis("studya", DiagnosisFinding.BENIGN_TUMOUR, DiagnosisSource.PATHOLOGY, at(0), at(1)));
        reconciliation.add(feedback("studya", "ESCALATE", FeedbackVerdict.CONFIRM, at(5)));

        StudyLabel label = reconciliation.labelOf("studya").label().orElseThrow();

        assertThat(label.label()).isEqualTo(Label.BENIGN);
        assertThat(label.source()).isEqualTo("diagnosis:pathology");
        assertThat(label.recordedAt()).isEqualTo(at(1));
    }

    @Test
    void shouldRankDiagnosesBySourceThenByWhenReceived() {
        // A signed report received after the histology does not override it: the source ranks first.
        reconciliation.add(diagnosis("studya", DiagnosisFinding.MALIGNANT, DiagnosisSource.PATHOLOGY, at(3), at(3)));
        reconciliation.add(
                diagnosis("studya", DiagnosisFinding.NO_TUMOUR, DiagnosisSource.SIGNED_REPORT, at(9), at(9)));
        reconciliation.add(diagnosis("studya", DiagnosisFinding.NO_TUMOUR, DiagnosisSource.MDT, at(8), at(8)));
        reconciliation.add(diagnosis("studya", DiagnosisFinding.NO_TUMOUR, DiagnosisSource.OTHER, at(10), at(10)));
        StudyLabel histology = reconciliation.labelOf("studya").label().orElseThrow();
        assertThat(histology.label()).isEqualTo(Label.MALIGNANT);
        assertThat(histology.source()).isEqualTo("diagnosis:pathology");

        // Without pathology, the team's consensus beats a later signed report.
        reconciliation.add(diagnosis("studyc", DiagnosisFinding.MALIGNANT, DiagnosisSource.MDT, at(1), at(1)));
        reconciliation.add(
                diagnosis("studyc", DiagnosisFinding.NO_TUMOUR, DiagnosisSource.SIGNED_REPORT, at(5), at(5)));
        assertThat(reconciliation.labelOf("studyc").label().orElseThrow().label())
                .isEqualTo(Label.MALIGNANT);

        // Same source: the one received later is a correction.
        reconciliation.add(diagnosis("studyb", DiagnosisFinding.MALIGNANT, DiagnosisSource.MDT, at(2), at(2)));
        reconciliation.add(diagnosis("studyb", DiagnosisFinding.NO_TUMOUR, DiagnosisSource.MDT, at(4), at(4)));
        StudyLabel corrected = reconciliation.labelOf("studyb").label().orElseThrow();
        assertThat(corrected.label()).isEqualTo(Label.NORMAL);
        assertThat(corrected.source()).isEqualTo("diagnosis:mdt");
    }

    @Test
    void shouldTakeTheLatestFeedbackWithoutADiagnosis() {
        reconciliation.add(feedback("studya", "ESCALATE", FeedbackVerdict.CONFIRM, at(1)));
        reconciliation.add(feedback("studya", "ESCALATE", FeedbackVerdict.REJECT, at(2)));

        StudyLabel label = reconciliation.labelOf("studya").label().orElseThrow();

        assertThat(label.label()).isEqualTo(Label.NOT_MALIGNANT);
        assertThat(label.source()).isEqualTo("feedback");
        assertThat(label.recordedAt()).isEqualTo(at(2));
    }

    @ParameterizedTest
    @CsvSource({
        "ESCALATE, CONFIRM, MALIGNANT",
        "ESCALATE, REJECT, NOT_MALIGNANT",
        "REVIEW, CONFIRM, NOT_MALIGNANT",
        "REVIEW, REJECT, MALIGNANT",
        "ROUTINE, CONFIRM, NOT_MALIGNANT",
        "ROUTINE, REJECT, MALIGNANT"
    })
    void shouldMapEachFeedback(String decision, FeedbackVerdict verdict, Label expected) {
        reconciliation.add(feedback("studya", decision, verdict, at(1)));
        assertThat(reconciliation.labelOf("studya").label().orElseThrow().label())
                .isEqualTo(expected);
    }

    @Test
    void shouldMapEachFinding() {
        assertThat(Label.of(DiagnosisFinding.MALIGNANT).csv()).isEqualTo("malignant");
        assertThat(Label.of(DiagnosisFinding.BENIGN_TUMOUR).csv()).isEqualTo("benign");
        assertThat(Label.of(DiagnosisFinding.NO_TUMOUR).csv()).isEqualTo("normal");
    }

    @Test
    void shouldGiveNoLabelForAVerdictOnNoAiCall() {
        reconciliation.add(feedback("studya", "NOT_SCORED", FeedbackVerdict.CONFIRM, at(1)));
        LabelOutcome outcome = reconciliation.labelOf("studya");
        assertThat(outcome.label()).isEmpty();
        assertThat(outcome.problem()).isEqualTo(LabelOutcome.UNINTERPRETABLE_FEEDBACK);
    }

    @Test
    void shouldRefuseToGuessBetweenLatestEventsThatDisagree() {
        reconciliation.add(diagnosis("studya", DiagnosisFinding.MALIGNANT, DiagnosisSource.PATHOLOGY, at(2), at(3)));
        reconciliation.add(diagnosis("studya", DiagnosisFinding.NO_TUMOUR, DiagnosisSource.PATHOLOGY, at(2), at(3)));
        reconciliation.add(feedback("studyb", "ESCALATE", FeedbackVerdict.CONFIRM, at(4)));
        reconciliation.add(feedback("studyb", "ESCALATE", FeedbackVerdict.REJECT, at(4)));

        assertThat(reconciliation.labelOf("studya").problem()).isEqualTo(LabelOutcome.CONFLICTING);
        assertThat(reconciliation.labelOf("studyb").problem()).isEqualTo(LabelOutcome.CONFLICTING);
    }

    @Test
    void shouldAgreeOnTheSourceOfTiesThatAgreeOnTheFinding() {
        reconciliation.add(
                diagnosis("studya", DiagnosisFinding.MALIGNANT, DiagnosisSource.SIGNED_REPORT, at(2), at(3)));
        reconciliation.add(diagnosis("studya", DiagnosisFinding.MALIGNANT, DiagnosisSource.MDT, at(2), at(3)));
        assertThat(reconciliation.labelOf("studya").label().orElseThrow().source())
                .isEqualTo("diagnosis:mdt");
    }

    @Test
    void shouldSayWhenAStudyHasNoLabel() {
        LabelOutcome outcome = reconciliation.labelOf("studyz");
        assertThat(outcome.label()).isEmpty();
        assertThat(outcome.problem()).isEqualTo(LabelOutcome.NO_LABEL);
    }
}
