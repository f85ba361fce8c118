package org.osteon.scoring.pipeline;

/** Machine-readable {@code errorType} values scoring writes on dead letters. */
public final class ErrorTypes {

    /** The record's value is not a RadiographDeidentified in any known schema version. */
    public static final String UNDECODABLE_RECORD = "UNDECODABLE_RECORD";
    /** The claim check points at nothing. */
    public static final String OBJECT_NOT_FOUND = "OBJECT_NOT_FOUND";
    /** The object URI is not a file location this service can open. */
    public static final String UNSUPPORTED_OBJECT_URI = "UNSUPPORTED_OBJECT_URI";
    /** The object is not a DICOM greyscale image this service can read. */
    public static final String UNREADABLE_DICOM = "UNREADABLE_DICOM";
    /** osteon-xr-pre-v1 could not be applied to the pixels. */
    public static final String PREPROCESSING_FAILED = "PREPROCESSING_FAILED";
    /** ONNX Runtime failed on this image even when run alone. */
    public static final String INFERENCE_FAILED = "INFERENCE_FAILED";
    /** The model's outputs for this image could not be made into a scored event. */
    public static final String POSTPROCESSING_FAILED = "POSTPROCESSING_FAILED";

    private ErrorTypes() {}
}
