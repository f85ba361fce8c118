package org.osteon.streams.analytics;

/**
 * Population stability index of a score distribution against a reference, over fixed equal-width bins
 * of the malignant probability on [0, 1].
 *
 * <p>PSI = Σ (a − e) · ln(a / e), with a and e the shares of the current and reference scores in each
 * bin. An empty bin would make the logarithm infinite, so a share is never taken below {@link #EPSILON}.
 * Fixed bins (not reference quantiles) keep every window comparable with every other and with a
 * training-time histogram, should one replace the deployment baseline.
 */
public final class Psi {

    /** Bins of the histogram: ten of width 0.1. */
    public static final int BINS = 10;

    /** Floor of a bin share, so that an empty bin contributes a large but finite term. */
    public static final double EPSILON = 1e-4;

    private Psi() {}

    /** The bin of a probability; values outside [0, 1] (which a calibrated model never gives) are clamped. */
    public static int bin(double probability) {
        if (Double.isNaN(probability) || probability <= 0) {
            return 0;
        }
        return Math.min(BINS - 1, (int) (probability * BINS));
    }

    /** PSI of {@code actual} against {@code expected}; both must have {@link #BINS} bins and at least one count. */
    public static double of(int[] actual, int[] expected) {
        if (actual.length != BINS || expected.length != BINS) {
            throw new IllegalArgumentException("histograms must have " + BINS + " bins");
        }
        long actualTotal = total(actual);
        long expectedTotal = total(expected);
        if (actualTotal == 0 || expectedTotal == 0) {
            throw new IllegalArgumentException("PSI is undefined for an empty histogram");
        }
        double psi = 0;
        for (int i = 0; i < BINS; i++) {
            double a = Math.max(EPSILON, (double) actual[i] / actualTotal);
            double e = Math.max(EPSILON, (double) expected[i] / expectedTotal);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }

    static long total(int[] counts) {
        long sum = 0;
        for (int c : counts) {
            sum += c;
        }
        return sum;
    }
}
