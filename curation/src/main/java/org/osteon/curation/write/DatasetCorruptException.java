package org.osteon.curation.write;

import java.nio.file.Path;

/** A dataset folder that no longer matches its manifest: never reused, never overwritten. */
public final class DatasetCorruptException extends RuntimeException {

    public DatasetCorruptException(Path dataset, String problem) {
        super("dataset " + dataset + " fails verification: " + problem);
    }
}
