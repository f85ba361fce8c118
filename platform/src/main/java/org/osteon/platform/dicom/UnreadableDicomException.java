package org.osteon.platform.dicom;

/** The bytes are not a DICOM object Osteon can read or rewrite; the message says why. */
public class UnreadableDicomException extends Exception {

    public UnreadableDicomException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnreadableDicomException(String message) {
        super(message);
    }
}
