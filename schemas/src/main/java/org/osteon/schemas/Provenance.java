package org.osteon.schemas;

/** The provenance statement every Osteon result carries, in the spirit of MONAI Deploy's "not for clinical use" tag. */
public final class Provenance {

    public static final String NOT_FOR_CLINICAL_USE =
            "Osteon research prototype: AI-generated triage, NOT FOR CLINICAL USE.";

    private Provenance() {}
}
