package org.osteon.gateway.results.objects;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the gate decided for one image, in the PHI zone, ready to be written as DICOM.
 *
 * @param outcome ESCALATE, REVIEW or ROUTINE, as the Avro enum {@code Triage} names them
 * @param malignantProbability calibrated, 0..1
 * @param uncertainty the model's uncertainty score
 * @param modelVersion e.g. {@code 0.2.0}
 * @param thresholdsVersion e.g. {@code osteon-bone-xr@0.2.0;escalate=0.3444;review=0.7228}; the model name
 *     is the part before '@'
 * @param provenance always contains {@link #NOT_FOR_CLINICAL_USE}
 * @param decidedAt when the gate decided; every date and time the objects carry is taken from it, so a
 *     rewrite is byte-identical
 * @param region the activation region on the source image, when there is one
 */
public record ResultFacts(
        String outcome,
        double malignantProbability,
        double uncertainty,
        String modelVersion,
        String thresholdsVersion,
        String provenance,
        Instant decidedAt,
        Optional<Region> region) {

    public static final String NOT_FOR_CLINICAL_USE = "NOT FOR CLINICAL USE";

    /** NOT_SCORED has no result to show, so it has no objects either. */
    static final Set<String> OUTCOMES = Set.of("ESCALATE", "REVIEW", "ROUTINE");

    public ResultFacts {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(thresholdsVersion, "thresholdsVersion");
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(region, "region");
        if (!OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException("outcome must be one of " + OUTCOMES + ": " + outcome);
        }
        if (!(malignantProbability >= 0 && malignantProbability <= 1)) {
            throw new IllegalArgumentException("malignantProbability must be in [0, 1]: " + malignantProbability);
        }
        if (!Double.isFinite(uncertainty)) {
            throw new IllegalArgumentException("uncertainty must be finite: " + uncertainty);
        }
        if (modelVersion.isBlank()) {
            throw new IllegalArgumentException("modelVersion is blank");
        }
        // The objects go to a radiologist's viewer: without the statement they must not exist.
        if (!provenance.contains(NOT_FOR_CLINICAL_USE)) {
            throw new IllegalArgumentException("provenance must contain \"" + NOT_FOR_CLINICAL_USE + "\"");
        }
    }

    /** The model's name: the part of {@link #thresholdsVersion} before '@', or "osteon" when it has none. */
    public String modelName() {
        int at = thresholdsVersion.indexOf('@');
        String name = at > 0 ? thresholdsVersion.substring(0, at) : "";
        return name.isBlank() ? "osteon" : name;
    }
}
