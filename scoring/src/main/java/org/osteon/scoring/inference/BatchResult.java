package org.osteon.scoring.inference;

import java.util.List;

/** One batched inference: a prediction per input image, in input order, and the wall time of the run. */
public record BatchResult(List<Prediction> predictions, double millis) {

    /** Wall time divided by batch size, the figure stamped on each result. */
    public double millisPerImage() {
        return predictions.isEmpty() ? 0.0 : millis / predictions.size();
    }
}
