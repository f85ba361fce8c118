package org.osteon.worklist.diagnosis;

import java.util.regex.Pattern;

/**
 * The codes a diagnosis may carry: an ICD-O-3 morphology with its behaviour digit (e.g. {@code 9180/3})
 * or a SNOMED CT concept id (6 to 18 digits). Nothing else, so no free text, and no name typed into a
 * code field, reaches a non-PHI topic.
 */
public final class DiagnosisCodes {

    /** ICD-O-3 morphology: four digits, a slash, behaviour 0 (benign) to 3 (malignant, primary site). */
    public static final String ICD_O_3 = "[0-9]{4}/[0-3]";

    /** SNOMED CT concept id: digits only, no leading zero, 6 to 18 of them. */
    public static final String SNOMED_CT = "[1-9][0-9]{5,17}";

    /** Either form, for Bean Validation. */
    public static final String ANY = ICD_O_3 + "|" + SNOMED_CT;

    private static final Pattern ANY_PATTERN = Pattern.compile(ANY);

    private DiagnosisCodes() {}

    public static boolean valid(String code) {
        return code != null && ANY_PATTERN.matcher(code).matches();
    }
}
