package org.osteon.curation.label;

import java.util.Optional;

/**
 * A study's reconciled label, or why it has none.
 *
 * @param label present when the study is labelled
 * @param problem the exclusion reason when it is not ({@code conflicting_labels},
 *     {@code uninterpretable_feedback} or {@code no_label})
 */
public record LabelOutcome(Optional<StudyLabel> label, String problem) {

    public static final String NO_LABEL = "no_label";
    public static final String CONFLICTING = "conflicting_labels";
    public static final String UNINTERPRETABLE_FEEDBACK = "uninterpretable_feedback";

    static LabelOutcome of(StudyLabel label) {
        return new LabelOutcome(Optional.of(label), null);
    }

    static LabelOutcome none(String problem) {
        return new LabelOutcome(Optional.empty(), problem);
    }
}
