package org.osteon.scoring.model;

/** model.json is missing, unreadable, or describes a model this service cannot run. */
public class ModelDescriptorException extends RuntimeException {

    public ModelDescriptorException(String message) {
        super(message);
    }

    public ModelDescriptorException(String message, Throwable cause) {
        super(message, cause);
    }
}
