package org.osteon.scoring.dicom;

/** The object could not be read as a single-channel radiograph; the reason goes into a dead letter. */
public class UnreadableImageException extends Exception {

    public UnreadableImageException(String message) {
        super(message);
    }

    public UnreadableImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
