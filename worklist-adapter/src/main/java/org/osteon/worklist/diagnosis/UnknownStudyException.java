package org.osteon.worklist.diagnosis;

/**
 * The worklist has no study, or more than one, for the reference a diagnosis gave. The message names
 * neither the accession number nor any other identifier, so it may be shown and logged.
 */
public class UnknownStudyException extends RuntimeException {

    public UnknownStudyException(String message) {
        super(message);
    }
}
