package org.osteon.worklist.image;

/** A file in the research store that is there but cannot be shown: not DICOM, no pixels, a torn map. */
public class UnreadableImageException extends RuntimeException {

    public UnreadableImageException(String message) {
        super(message);
    }

    public UnreadableImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
