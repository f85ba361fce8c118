package org.osteon.streams.analytics;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.osteon.events.TriageMetrics;
import org.osteon.schemas.Provenance;

/** Turns a closed window and its series into the {@code triage-metrics-v1} record. */
public final class MetricsRecords {

    private MetricsRecords() {}

    /** The record key: {@code site|modelVersion|windowStart}, one per window, so a compacted topic keeps each. */
    public static String key(SeriesKey series, long windowStart) {
        return series.encoded() + "|" + Instant.ofEpochMilli(windowStart);
    }

    public static TriageMetrics of(
            SeriesKey series,
            long windowStart,
            WindowState window,
            SeriesState totals,
            AnalyticsSettings settings,
            Instant now) {
        int decisions = window.decisions();
        Double psi = null;
        if (totals.referenceScores() >= settings.psiBaselineSize() && window.imagesScored >= settings.psiMinScores()) {
            psi = Psi.of(window.scoreBins, totals.referenceBins);
        }
        Confusion f = window.feedback;
        Confusion c = totals.cumulative;
        return TriageMetrics.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setEmittedAt(now)
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(
                        Instant.ofEpochMilli(windowStart + settings.window().toMillis()))
                .setSite(series.site())
                .setModelVersion(series.model())
                .setModelName(totals.modelName)
                .setImagesScored(window.imagesScored)
                .setDecisions(decisions)
                .setEscalated(window.escalated)
                .setReview(window.review)
                .setRoutine(window.routine)
                .setNotScored(window.notScored)
                .setEscalationRate(Confusion.ratio(window.escalated, decisions))
                .setReviewRate(Confusion.ratio(window.review, decisions))
                .setScoreBins(Arrays.stream(window.scoreBins).boxed().toList())
                .setReferenceBins(Arrays.stream(totals.referenceBins).boxed().toList())
                .setReferenceScores(totals.referenceScores())
                .setReference(settings.referenceName())
                .setPsi(psi)
                .setPsiDriftThreshold(settings.psiDriftThreshold())
                .setDrift(psi != null && psi >= settings.psiDriftThreshold())
                .setTruePositives(f.truePositives())
                .setFalsePositives(f.falsePositives())
                .setFalseNegatives(f.falseNegatives())
                .setTrueNegatives(f.trueNegatives())
                .setPpv(f.ppv())
                .setSensitivity(f.sensitivity())
                .setCumulativeTruePositives(c.truePositives())
                .setCumulativeFalsePositives(c.falsePositives())
                .setCumulativeFalseNegatives(c.falseNegatives())
                .setCumulativeTrueNegatives(c.trueNegatives())
                .setCumulativePpv(c.ppv())
                .setCumulativeSensitivity(c.sensitivity())
                .setWorklistChanges((int) Math.min(Integer.MAX_VALUE, window.latenciesSeen))
                .setReceiptToWorklistP50Millis(window.latencyPercentile(0.50))
                .setReceiptToWorklistP90Millis(window.latencyPercentile(0.90))
                .setReceiptToWorklistP99Millis(window.latencyPercentile(0.99))
                .setProvenance(Provenance.NOT_FOR_CLINICAL_USE)
                .build();
    }
}
