package org.osteon.streams.gate;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.osteon.events.RadiographDeidentified;
import org.osteon.events.RadiographScored;
import org.osteon.events.Triage;
import org.osteon.events.TriageDecision;
import org.osteon.schemas.Provenance;

/**
 * The gate (docs/architecture.md). Thresholds come only from the scored event, which carries the
 * model's own, so a new model never needs a code change here.
 */
public final class GatePolicy {

    private GatePolicy() {}

    /** Uncertainty first: a model that abstains must reach a person even when its probability is high. */
    public static TriageDecision decide(RadiographScored scored, Instant now) {
        double p = scored.getMalignantProbability();
        double u = scored.getUncertainty();
        double escalate = scored.getEscalateThreshold();
        double review = scored.getReviewUncertaintyThreshold();
        Triage decision;
        String reason;
        if (Double.isNaN(u) || Double.isNaN(p) || u >= review) {
            decision = Triage.REVIEW;
            reason = format(
                    "uncertainty %.4f >= review threshold %.4f: the model abstains, a person must look", u, review);
        } else if (p >= escalate) {
            decision = Triage.ESCALATE;
            reason = format(
                    "malignant probability %.4f >= escalate threshold %.4f (uncertainty %.4f < %.4f)",
                    p, escalate, u, review);
        } else {
            decision = Triage.ROUTINE;
            reason = format(
                    "malignant probability %.4f < escalate threshold %.4f (uncertainty %.4f < %.4f)",
                    p, escalate, u, review);
        }
        return TriageDecision.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setReceivedAt(scored.getReceivedAt())
                .setDecidedAt(now)
                .setStudyKey(scored.getStudyKey())
                .setInstanceKey(scored.getInstanceKey())
                .setDecision(decision)
                .setReason(reason + "; model " + scored.getModelName() + " " + scored.getModelVersion())
                .setMalignantProbability(p)
                .setUncertainty(u)
                .setModelVersion(scored.getModelVersion())
                .setThresholdsVersion(thresholdsVersion(scored))
                .setProvenance(Provenance.NOT_FOR_CLINICAL_USE)
                .setSite(scored.getSite())
                .setObjectUri(scored.getObjectUri())
                .setCamUri(scored.getCamUri())
                .setCamShape(scored.getCamShape())
                .build();
    }

    /** The operating point as one comparable string: which model, and the two thresholds it was run at. */
    static String thresholdsVersion(RadiographScored scored) {
        return format(
                "%s@%s;escalate=%.4f;review=%.4f",
                scored.getModelName(),
                scored.getModelVersion(),
                scored.getEscalateThreshold(),
                scored.getReviewUncertaintyThreshold());
    }

    /** An object the model may not score still gets a decision, so the worklist knows it was seen. */
    public static TriageDecision notScored(RadiographDeidentified object, Instant now) {
        String why = object.getIneligibleReason() == null ? "not eligible for scoring" : object.getIneligibleReason();
        return TriageDecision.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setReceivedAt(object.getReceivedAt())
                .setDecidedAt(now)
                .setStudyKey(object.getStudyKey())
                .setInstanceKey(object.getInstanceKey())
                .setDecision(Triage.NOT_SCORED)
                .setReason("not scored: " + why)
                .setMalignantProbability(null)
                .setUncertainty(null)
                .setModelVersion(null)
                .setProvenance(Provenance.NOT_FOR_CLINICAL_USE)
                .setSite(object.getSite())
                .setObjectUri(object.getObjectUri())
                .build();
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
