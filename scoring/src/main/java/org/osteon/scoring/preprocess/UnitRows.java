package org.osteon.scoring.preprocess;

import org.osteon.scoring.dicom.StoredImage;

/**
 * Steps 1–3 of osteon-xr-pre-v1, one row at a time: stored values to [0, 1] with bone bright. Each value
 * goes through the same float64 operations, in the same order, as the step-by-step definition in
 * docs/preprocessing.md, so a row is bit for bit what the whole-image steps would give; only the
 * min-max scaling needs a first pass over the image, for its extremes.
 */
final class UnitRows implements AreaResize.RowSource {

    private static final String MONOCHROME1 = "MONOCHROME1";

    private final StoredImage image;
    private final boolean rescale;
    private final double slope;
    private final double intercept;
    private final boolean invert;
    private final boolean windowed;
    private final double lower;
    private final double width;
    private double lo = Double.POSITIVE_INFINITY;
    private double hi = Double.NEGATIVE_INFINITY;

    UnitRows(StoredImage image) {
        this.image = image;
        // Rescale applies when either attribute is present; the missing one takes its identity value.
        this.rescale =
                image.rescaleSlope().isPresent() || image.rescaleIntercept().isPresent();
        this.slope = image.rescaleSlope().orElse(1.0);
        this.intercept = image.rescaleIntercept().orElse(0.0);
        this.invert = MONOCHROME1.equals(image.photometric());
        this.windowed = image.windowCenter().isPresent()
                && image.windowWidth().isPresent()
                && image.windowWidth().getAsDouble() > 1;
        this.width = windowed ? image.windowWidth().getAsDouble() : 0;
        this.lower = windowed ? image.windowCenter().getAsDouble() - width / 2.0 : 0;
        if (!windowed) {
            extremes();
        }
    }

    /**
     * The min-max scaling's extremes, by comparisons: Math.min and Math.max, which order -0.0 below 0.0
     * and propagate NaN, took a third of preparing an image without a window. NaN still propagates. The
     * two differ only for an image holding zeros of both signs, which rescaled integers give only with a
     * Rescale Slope of 0: a constant image, whose values are 0.0 either way.
     */
    private void extremes() {
        double[] row = new double[image.columns()];
        boolean nan = false;
        for (int y = 0; y < image.rows(); y++) {
            rescaled(y, row);
            for (double x : row) {
                if (x < lo) {
                    lo = x;
                }
                if (x > hi) {
                    hi = x;
                }
                nan |= x != x;
            }
        }
        if (nan) {
            lo = Double.NaN;
            hi = Double.NaN;
        }
    }

    @Override
    public void read(int row, double[] into) {
        rescaled(row, into);
        int n = image.columns();
        double range = hi - lo;
        for (int i = 0; i < n; i++) {
            double u;
            if (windowed) {
                u = Math.min(1.0, Math.max(0.0, (into[i] - lower) / width));
            } else {
                u = hi > lo ? (into[i] - lo) / range : 0.0;
            }
            into[i] = invert ? 1.0 - u : u;
        }
    }

    private void rescaled(int row, double[] into) {
        int n = image.columns();
        image.pixels().read(row, n, into);
        if (rescale) {
            for (int i = 0; i < n; i++) {
                into[i] = slope * into[i] + intercept;
            }
        }
    }
}
