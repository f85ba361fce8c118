package org.osteon.worklist.image;

/**
 * The model's class-activation map for the malignant class, row-major, {@code height × width}, as
 * scoring wrote it. Low resolution (12×12 for the default model): the page stretches it over the radiograph.
 */
public record ActivationMap(String modelVersion, int height, int width, float[] values) {}
