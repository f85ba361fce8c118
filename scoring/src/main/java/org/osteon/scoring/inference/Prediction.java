package org.osteon.scoring.inference;

/**
 * The model's outputs for one image of a batch.
 *
 * @param probabilities calibrated class probabilities, in model.json label order
 * @param spread        per-class standard deviation across ensemble members
 * @param uncertainty   the model's uncertainty score
 * @param cam           the class-activation map for the malignant class, row-major
 * @param camShape      its height and width
 */
public record Prediction(double[] probabilities, double[] spread, double uncertainty, float[] cam, int[] camShape) {

    /** Sum of the map's cells: what the golden vectors record to check the map against Python. */
    public double camSum() {
        double sum = 0.0;
        for (float v : cam) {
            sum += v;
        }
        return sum;
    }

    /** The map's L1 norm, the scale the golden vectors hold {@link #camSum()} to. */
    public double camAbsSum() {
        double sum = 0.0;
        for (float v : cam) {
            sum += Math.abs(v);
        }
        return sum;
    }
}
