package org.osteon.curation.build;

/** More eligible labelled images than one dataset may hold: the build stops before writing anything. */
public final class TooManyImagesException extends RuntimeException {

    public TooManyImagesException(int images, int maxImages) {
        super(images + " images would enter the dataset, more than --max-images " + maxImages
                + "; narrow it with --site or raise the bound");
    }
}
