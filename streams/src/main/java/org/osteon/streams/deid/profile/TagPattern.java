package org.osteon.streams.deid.profile;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tag as the standard writes it, {@code (gggg,eeee)}, where an {@code x} stands for any hex digit:
 * the repeating groups of curves {@code (50xx,xxxx)} and overlays {@code (60xx,3000)}, and private
 * blocks {@code (0019,xx10)}.
 */
public record TagPattern(int group, int element, int groupMask, int elementMask, String text) {

    private static final Pattern SYNTAX = Pattern.compile("\\(([0-9A-Fa-fx]{4}),([0-9A-Fa-fx]{4})\\)");

    public static TagPattern parse(String text) {
        Matcher m = SYNTAX.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not a tag: '" + text + "' (expected (gggg,eeee), x as a wildcard digit)");
        }
        return new TagPattern(value(m.group(1)), value(m.group(2)), mask(m.group(1)), mask(m.group(2)), text.trim());
    }

    public boolean isExact() {
        return groupMask == 0xFFFF && elementMask == 0xFFFF;
    }

    public boolean matches(int tagGroup, int tagElement) {
        return (tagGroup & groupMask) == group && (tagElement & elementMask) == element;
    }

    /** Group and element in one int, for exact patterns. */
    public int key() {
        return (group << 16) | element;
    }

    private static int value(String hex) {
        return Integer.parseInt(hex.replace('x', '0').replace('X', '0'), 16);
    }

    private static int mask(String hex) {
        int mask = 0;
        for (char c : hex.toCharArray()) {
            mask = (mask << 4) | (c == 'x' ? 0 : 0xF);
        }
        return mask;
    }
}
