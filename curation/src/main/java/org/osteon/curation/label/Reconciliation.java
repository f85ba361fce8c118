package org.osteon.curation.label;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.osteon.events.DiagnosisSource;
import org.osteon.events.TriageDiagnosis;
import org.osteon.events.TriageFeedback;

/**
 * Reconciles the ground truth of each study (docs/learning.md, "Labels"): a diagnosis wins over any click,
 * and among a study's diagnoses the strongest source wins (PATHOLOGY > MDT > SIGNED_REPORT > OTHER), then the
 * latest received (diagnosedAt is the adapter's receipt time, not a clinical date, so time alone would let a
 * later signed report override an earlier histology). Without a diagnosis, the latest reader feedback, mapped
 * by {@link FeedbackMapping}. Two winning events of the same rank that disagree make the study conflicting:
 * no label is guessed.
 */
public final class Reconciliation {

    private final Map<String, List<TriageDiagnosis>> diagnoses = new HashMap<>();
    private final Map<String, List<TriageFeedback>> feedback = new HashMap<>();

    public void add(TriageDiagnosis diagnosis) {
        diagnoses
                .computeIfAbsent(diagnosis.getStudyKey(), k -> new ArrayList<>())
                .add(diagnosis);
    }

    public void add(TriageFeedback verdict) {
        feedback.computeIfAbsent(verdict.getStudyKey(), k -> new ArrayList<>()).add(verdict);
    }

    /** Every study with a diagnosis or a verdict. */
    public Set<String> studies() {
        Set<String> all = new TreeSet<>(diagnoses.keySet());
        all.addAll(feedback.keySet());
        return all;
    }

    public LabelOutcome labelOf(String studyKey) {
        List<TriageDiagnosis> ofStudy = diagnoses.getOrDefault(studyKey, List.of());
        if (!ofStudy.isEmpty()) {
            return fromDiagnoses(ofStudy);
        }
        List<TriageFeedback> verdicts = feedback.getOrDefault(studyKey, List.of());
        if (!verdicts.isEmpty()) {
            return fromFeedback(verdicts);
        }
        return LabelOutcome.none(LabelOutcome.NO_LABEL);
    }

    private static LabelOutcome fromDiagnoses(List<TriageDiagnosis> ofStudy) {
        Comparator<TriageDiagnosis> order = Comparator.comparing((TriageDiagnosis d) -> strength(d.getSource()))
                .thenComparing(TriageDiagnosis::getDiagnosedAt)
                .thenComparing(TriageDiagnosis::getRecordedAt);
        TriageDiagnosis latest = ofStudy.stream().max(order).orElseThrow();
        List<TriageDiagnosis> tied =
                ofStudy.stream().filter(d -> order.compare(d, latest) == 0).toList();
        Set<Label> labels = tied.stream().map(d -> Label.of(d.getFinding())).collect(Collectors.toSet());
        if (labels.size() > 1) {
            return LabelOutcome.none(LabelOutcome.CONFLICTING);
        }
        // Ties that agree on the finding but not the source: the first source by name, so that every build
        // of the same events gives the same label_source whatever order the partitions were read in.
        String source = tied.stream()
                .map(d -> "diagnosis:" + d.getSource().name().toLowerCase(Locale.ROOT))
                .min(Comparator.naturalOrder())
                .orElseThrow();
        return LabelOutcome.of(new StudyLabel(Label.of(latest.getFinding()), source, latest.getRecordedAt()));
    }

    /** Higher is stronger evidence: histology over a team's consensus over one radiologist's report. */
    static int strength(DiagnosisSource source) {
        return switch (source) {
            case PATHOLOGY -> 3;
            case MDT -> 2;
            case SIGNED_REPORT -> 1;
            case OTHER -> 0;
        };
    }

    private static LabelOutcome fromFeedback(List<TriageFeedback> verdicts) {
        List<TriageFeedback> usable = verdicts.stream()
                .filter(v -> FeedbackMapping.labelOf(v).isPresent())
                .toList();
        if (usable.isEmpty()) {
            return LabelOutcome.none(LabelOutcome.UNINTERPRETABLE_FEEDBACK);
        }
        Instant latestAt = usable.stream()
                .map(TriageFeedback::getRecordedAt)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        Set<Label> labels = usable.stream()
                .filter(v -> v.getRecordedAt().equals(latestAt))
                .map(v -> FeedbackMapping.labelOf(v).orElseThrow())
                .collect(Collectors.toSet());
        if (labels.size() > 1) {
            return LabelOutcome.none(LabelOutcome.CONFLICTING);
        }
        Optional<Label> label = labels.stream().findFirst();
        return LabelOutcome.of(new StudyLabel(label.orElseThrow(), "feedback", latestAt));
    }
}
