package org.osteon.curation.write;

import java.nio.file.Path;
import java.util.Map;

/**
 * A dataset folder after a build.
 *
 * @param reused true when a folder with the same content already existed, was verified and kept as it was
 */
public record BuiltDataset(
        Path dir,
        String contentSha256,
        boolean reused,
        int images,
        long studies,
        Map<String, Integer> labelCounts,
        int excluded,
        Map<String, Integer> exclusions) {}
