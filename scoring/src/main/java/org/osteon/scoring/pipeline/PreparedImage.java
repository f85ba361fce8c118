package org.osteon.scoring.pipeline;

/**
 * One event read and preprocessed, ready for its slot in a batch tensor, or the reason it could not be.
 *
 * @param image            {@code S * S} floats of the preprocessed image, null on failure
 * @param clinical         the clinical features the model needs, or null
 * @param decodeMillis     reading the DICOM object
 * @param preprocessMillis {@code osteon-xr-pre-v1} on it
 * @param failure          why it cannot be scored, or null
 */
record PreparedImage(
        float[] image, float[] clinical, double decodeMillis, double preprocessMillis, Outcome.Failed failure) {

    static PreparedImage failed(String errorType, String reason) {
        return new PreparedImage(null, null, 0.0, 0.0, new Outcome.Failed(errorType, reason));
    }

    boolean ok() {
        return failure == null;
    }
}
