package org.osteon.curation.cli;

/** A command line the CLI cannot run: exit status 2 with the usage. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
