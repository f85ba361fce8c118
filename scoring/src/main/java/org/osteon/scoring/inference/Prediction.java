package org.osteon.scoring.inference;

/**
 * The model's outputs for one image of a batch.
 *
 * @param probabilities calibrated class probabilities, in model.json label order
 * @param spread        per-class standard deviation across ensemble members
 * @param uncertainty   the model's uncertainty score
 * @param camSum        sum of the class-activation map, kept to check the map against Python
 */
public record Prediction(double[] probabilities, double[] spread, double uncertainty, double camSum) {
}
