package org.osteon.platform.dicom;

/**
 * The bytes are not the DICOM structure they claim to be: truncated, a length past what remains, an
 * item out of place, nesting too deep. The message says what and at which byte. It carries no stack
 * trace: it is a verdict on input, not a fault of the code, and hostile input must not make refusing
 * it costly.
 */
public class MalformedDicomException extends Exception {

    public MalformedDicomException(String reason) {
        super(reason, null, false, false);
    }
}
