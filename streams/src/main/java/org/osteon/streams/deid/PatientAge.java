package org.osteon.streams.deid;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses a DICOM Age String (AS), e.g. {@code 045Y} or {@code 006M}, into whole years. */
public final class PatientAge {

    private static final Pattern AGE = Pattern.compile("(\\d{1,3})\\s*([DWMY])");

    private PatientAge() {}

    /** Whole years, or null when absent or not an Age String. */
    public static Integer years(String ageString) {
        if (ageString == null) {
            return null;
        }
        Matcher m = AGE.matcher(ageString.trim().toUpperCase());
        if (!m.matches()) {
            return null;
        }
        int n = Integer.parseInt(m.group(1));
        return switch (m.group(2)) {
            case "Y" -> n;
            case "M" -> n / 12;
            case "W" -> n / 52;
            default -> n / 365;
        };
    }
}
