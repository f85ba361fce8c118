package org.osteon.streams.gate;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.osteon.events.StudyTriage;
import org.osteon.events.StudyTriageDecision;
import org.osteon.events.Triage;
import org.osteon.events.TriageDecision;
import org.osteon.schemas.Provenance;

/**
 * A study is as urgent as its most urgent image: one confidently high-risk view escalates the study,
 * one view the model is unsure of sends it to review, and only a study whose every scored view is
 * confidently unremarkable stays where it is. Recomputed from all the study's image decisions each
 * time, so a re-sent image replaces its earlier decision instead of counting twice.
 */
public final class StudyAggregation {

    private StudyAggregation() {
    }

    /** Most severe first; a later image only takes over the study when it is strictly more severe. */
    static int severity(Triage triage) {
        return switch (triage) {
            case ESCALATE -> 3;
            case REVIEW -> 2;
            case ROUTINE -> 1;
            case NOT_SCORED -> 0;
        };
    }

    static StudyTriage studyLevel(Triage triage) {
        return switch (triage) {
            case ESCALATE -> StudyTriage.ESCALATE;
            case REVIEW -> StudyTriage.REVIEW;
            case ROUTINE -> StudyTriage.NO_CHANGE;
            case NOT_SCORED -> StudyTriage.NOT_SCORED;
        };
    }

    /**
     * @param images every image decision of one study so far, one per instance
     * @param latest the image decision that triggered this aggregate
     */
    public static StudyTriageDecision aggregate(List<TriageDecision> images, TriageDecision latest, Instant now) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a study aggregate needs at least one image decision");
        }
        TriageDecision deciding = images.stream()
                .max(Comparator.comparingInt((TriageDecision d) -> severity(d.getDecision()))
                        .thenComparing(d -> d.getMalignantProbability() == null ? -1.0 : d.getMalignantProbability())
                        .thenComparing(TriageDecision::getInstanceKey, Comparator.reverseOrder()))
                .orElseThrow();
        int escalated = count(images, Triage.ESCALATE);
        int review = count(images, Triage.REVIEW);
        int notScored = count(images, Triage.NOT_SCORED);
        Double maxP = images.stream().map(TriageDecision::getMalignantProbability).filter(Objects::nonNull)
                .max(Double::compare).orElse(null);
        Double maxU = images.stream().map(TriageDecision::getUncertainty).filter(Objects::nonNull)
                .max(Double::compare).orElse(null);
        Instant first = images.stream().map(TriageDecision::getReceivedAt).min(Comparator.naturalOrder()).orElseThrow();
        String counts = String.format(Locale.ROOT, "%d image(s): %d escalate, %d review, %d no change, %d not scored",
                images.size(), escalated, review, images.size() - escalated - review - notScored, notScored);
        return StudyTriageDecision.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setDecidedAt(now)
                .setFirstReceivedAt(first)
                .setLastReceivedAt(latest.getReceivedAt())
                .setStudyKey(latest.getStudyKey())
                .setDecision(studyLevel(deciding.getDecision()))
                .setReason("study " + studyLevel(deciding.getDecision()) + " from image " + deciding.getInstanceKey()
                        + " (" + deciding.getReason() + "); " + counts)
                .setDecidingInstanceKey(deciding.getInstanceKey())
                .setImages(images.size())
                .setEscalatedImages(escalated)
                .setReviewImages(review)
                .setNotScoredImages(notScored)
                .setMaxMalignantProbability(maxP)
                .setMaxUncertainty(maxU)
                .setModelVersion(deciding.getModelVersion())
                .setThresholdsVersion(deciding.getThresholdsVersion())
                .setProvenance(Provenance.NOT_FOR_CLINICAL_USE)
                .build();
    }

    private static int count(List<TriageDecision> images, Triage triage) {
        return (int) images.stream().filter(d -> d.getDecision() == triage).count();
    }
}
