package org.osteon.scoring.postprocess;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts of the model's uncertainty score that can be recovered from its outputs. The graph computes
 * {@code uncertainty = max(H, u_ood)} (model.json {@code uncertainty.formula}) and returns only the
 * maximum, so: {@code entropy} is H recomputed from the probabilities; {@code ensemble_spread} is the
 * mean member disagreement; {@code ood} is reported only when the score exceeds H, because only then is
 * the score the OOD term itself (otherwise the OOD term is merely known to be at most H).
 */
public final class UncertaintyComponents {

    /** A score this much above H is the OOD term, not float32 rounding of H. */
    private static final double OOD_MARGIN = 1e-5;

    private UncertaintyComponents() {}

    public static Map<String, Double> of(double[] probabilities, double[] spread, double uncertainty) {
        double entropy = 0.0;
        for (double p : probabilities) {
            if (p > 0) {
                entropy -= p * Math.log(p);
            }
        }
        entropy = probabilities.length > 1 ? entropy / Math.log(probabilities.length) : 0.0;
        double meanSpread = 0.0;
        for (double s : spread) {
            meanSpread += s;
        }
        meanSpread = spread.length == 0 ? 0.0 : meanSpread / spread.length;
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("entropy", entropy);
        out.put("ensemble_spread", meanSpread);
        if (uncertainty > entropy + OOD_MARGIN) {
            out.put("ood", uncertainty);
        }
        return out;
    }
}
