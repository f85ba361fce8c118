package org.osteon.worklist.publish;

import org.osteon.events.TriageFeedback;
import org.osteon.worklist.store.FeedbackRecord;

/** A stored verdict → its TriageFeedback event; the stored event id makes a republish the same event. */
final class FeedbackEvents {

    private FeedbackEvents() {}

    static TriageFeedback from(FeedbackRecord feedback) {
        return TriageFeedback.newBuilder()
                .setEventId(feedback.eventId())
                .setRecordedAt(feedback.recordedAt())
                .setStudyKey(feedback.studyKey())
                .setVerdict(feedback.verdict())
                .setAiDecision(feedback.aiDecision())
                .setMalignantProbability(feedback.malignantProbability())
                .setUncertainty(feedback.uncertainty())
                .setModelVersion(feedback.modelVersion())
                .setSite(feedback.site())
                .setReader(feedback.reader())
                .setComment(feedback.comment())
                .setProvenance(feedback.provenance())
                .build();
    }
}
