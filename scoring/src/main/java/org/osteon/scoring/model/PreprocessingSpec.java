package org.osteon.scoring.model;

/**
 * The {@code preprocessing} block of model.json: which specification to apply and its parameters.
 *
 * @param version  specification name, e.g. {@code osteon-xr-pre-v1} (docs/preprocessing.md)
 * @param size     side S of the square model input
 * @param mean     subtracted after padding
 * @param std      divided by after subtracting the mean
 * @param padValue canvas value in [0, 1] space, before normalisation
 */
public record PreprocessingSpec(String version, int size, double mean, double std, double padValue) {}
