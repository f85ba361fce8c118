package org.osteon.curation.label;

import java.util.Optional;
import org.osteon.events.FeedbackVerdict;
import org.osteon.events.TriageFeedback;

/**
 * What a reader's confirm or reject says about a study. CONFIRM agrees with the AI's call and REJECT
 * disagrees: an ESCALATE call means "malignant-looking", REVIEW and ROUTINE mean "not malignant-looking".
 * A verdict on NOT_SCORED (the AI made no call) or on a decision this code does not know says nothing
 * about the study, so it gives no label.
 */
public final class FeedbackMapping {

    private FeedbackMapping() {}

    public static Optional<Label> labelOf(TriageFeedback feedback) {
        boolean confirmed = feedback.getVerdict() == FeedbackVerdict.CONFIRM;
        String decision = feedback.getAiDecision();
        if ("ESCALATE".equals(decision)) {
            return Optional.of(confirmed ? Label.MALIGNANT : Label.NOT_MALIGNANT);
        }
        if ("REVIEW".equals(decision) || "ROUTINE".equals(decision)) {
            return Optional.of(confirmed ? Label.NOT_MALIGNANT : Label.MALIGNANT);
        }
        return Optional.empty();
    }
}
