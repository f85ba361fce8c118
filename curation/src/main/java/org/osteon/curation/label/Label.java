package org.osteon.curation.label;

import org.osteon.events.DiagnosisFinding;

/** The labels a dataset row may carry, as written in labels.csv. */
public enum Label {
    MALIGNANT("malignant"),
    BENIGN("benign"),
    NORMAL("normal"),
    /** From a reader's click only: the reader said "not malignant", which does not tell benign from normal. */
    NOT_MALIGNANT("not_malignant");

    private final String csv;

    Label(String csv) {
        this.csv = csv;
    }

    /** The name in labels.csv, the data card and dataset.json. */
    public String csv() {
        return csv;
    }

    public static Label of(DiagnosisFinding finding) {
        return switch (finding) {
            case MALIGNANT -> MALIGNANT;
            case BENIGN_TUMOUR -> BENIGN;
            case NO_TUMOUR -> NORMAL;
        };
    }
}
