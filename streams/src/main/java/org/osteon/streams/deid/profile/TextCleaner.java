package org.osteon.streams.deid.profile;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The "clean" action for free text (Clean Descriptors option): keep the words that describe the
 * examination ("XR FEMUR LEFT 2 VIEWS") and blank out what identifies someone: the identifiers this
 * very object carries (names, IDs, accession, institution), and anything shaped like a date, a phone
 * number, an e-mail address or a long number.
 */
public final class TextCleaner {

    static final String BLANK = "***";

    private static final List<Pattern> SHAPES = List.of(
            Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+"),
            Pattern.compile("\\b\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}\\b"),
            Pattern.compile("\\b\\d{1,2}[-/.]\\d{1,2}[-/.]\\d{2,4}\\b"),
            Pattern.compile("\\+?\\d[\\d ()-]{6,}\\d"),
            Pattern.compile("\\b[\\p{L}-]*\\d{4,}[\\p{L}\\d-]*\\b"),
            Pattern.compile("\\b(19|20)\\d{6}\\b"));

    private final List<Pattern> identifiers;

    /** @param identifiers the identifying values found in the object; name components are matched one by one */
    public TextCleaner(Collection<String> identifiers) {
        Set<String> parts = new LinkedHashSet<>();
        for (String identifier : identifiers) {
            if (identifier == null) {
                continue;
            }
            String whole = identifier.strip();
            if (whole.length() >= 2) {
                parts.add(whole);
            }
            for (String part : whole.split("[\\^= ,]+")) {
                if (part.strip().length() >= 2) {
                    parts.add(part.strip());
                }
            }
        }
        // Longest first, so "Yamada^Tarou" goes as a whole before "Tarou" alone.
        this.identifiers = parts.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(p -> Pattern.compile(Pattern.quote(p), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE))
                .toList();
    }

    public String clean(String text) {
        String out = text;
        for (Pattern identifier : identifiers) {
            out = identifier.matcher(out).replaceAll(BLANK);
        }
        for (Pattern shape : SHAPES) {
            out = shape.matcher(out).replaceAll(BLANK);
        }
        return out;
    }

    /** True when cleaning left nothing but blanks and punctuation: such a value is better emptied. */
    public static boolean isEmptied(String cleaned) {
        return cleaned.replace(BLANK, "").replaceAll("[\\p{Punct}\\s]", "").isEmpty();
    }
}
