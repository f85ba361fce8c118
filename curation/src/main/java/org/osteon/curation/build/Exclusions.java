package org.osteon.curation.build;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Why images were left out of a dataset, with counts: the data card lists them. Reasons are stable
 * snake_case names (docs/learning.md): {@code no_label}, {@code conflicting_labels},
 * {@code uninterpretable_feedback}, {@code ineligible}, {@code other_site}, {@code invalid_pseudonym},
 * {@code object_missing}, {@code claim_check_refused}, {@code object_too_large}.
 */
public final class Exclusions {

    public static final String INELIGIBLE = "ineligible";
    public static final String OTHER_SITE = "other_site";
    public static final String INVALID_PSEUDONYM = "invalid_pseudonym";
    public static final String OBJECT_MISSING = "object_missing";
    public static final String CLAIM_CHECK_REFUSED = "claim_check_refused";
    public static final String OBJECT_TOO_LARGE = "object_too_large";

    private final SortedMap<String, Integer> counts = new TreeMap<>();

    public void add(String reason) {
        counts.merge(reason, 1, Integer::sum);
    }

    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Reason → number of images, sorted by reason. */
    public Map<String, Integer> counts() {
        return java.util.Collections.unmodifiableSortedMap(counts);
    }
}
