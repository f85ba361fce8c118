package org.osteon.curation.write;

import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Pattern;
import org.osteon.curation.build.Exclusions;
import org.osteon.curation.build.SplitRule;

/**
 * What a build writes besides its rows.
 *
 * @param name the dataset's name; the folder is {@code <name>-<first 12 hex of the content hash>}
 * @param maxObjectBytes the largest object copied; a larger one fails the copy
 * @param topics the snapshot: topic → partition → end offset
 */
public record DatasetSpec(
        Path datasetsRoot,
        String name,
        SplitRule splitRule,
        long maxObjectBytes,
        Map<String, SortedMap<Integer, Long>> topics,
        Exclusions exclusions,
        int labelledStudiesWithoutImages) {

    /** The provenance statement of dataset.json and the data card. */
    public static final String PROVENANCE = "Osteon research dataset: de-identified images and pseudonyms only, "
            + "labels from reader feedback and recorded diagnoses. Research prototype, NOT FOR CLINICAL USE.";

    /** A name that is a plain folder name and cannot smuggle a path or free text into the research zone. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public DatasetSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "dataset name must be 1-64 of a-z 0-9 . _ - and start with a letter or digit: " + name);
        }
    }
}
