package org.osteon.curation.build;

import java.nio.file.Path;

/**
 * What {@code ./osteon dataset build} was asked for.
 *
 * @param site only images of this site (null: every site); images of other sites are excluded as other_site
 * @param maxImages the most images one dataset may hold: more is an error, never a cut
 * @param maxObjectBytes the largest de-identified object copied; larger ones are excluded as object_too_large
 */
public record BuildOptions(
        Path researchRoot,
        Path datasetsRoot,
        String name,
        String site,
        SplitRule splitRule,
        int maxImages,
        long maxObjectBytes) {

    public static final int DEFAULT_MAX_IMAGES = 100_000;
    public static final long DEFAULT_MAX_OBJECT_BYTES = 256L << 20;
}
