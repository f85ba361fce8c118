package org.osteon.worklist.diagnosis.hl7;

/** ORU^R01 messages as a pathology system sends them, with fake PHI, for the mapping and listener tests. */
public final class OruMessages {

    public static final String APPLICATION = "PATHLIS";
    public static final String FACILITY = "HOSP";

    private OruMessages() {}

    /** A final ICD-O-3 histology result for {@code accession}. */
    public static String diagnosis(String controlId, String accession, String morphology) {
        return message(
                "ORU^R01^ORU_R01",
                APPLICATION,
                controlId,
                "OBR|1|PL" + accession + "|" + accession + "|88305^Surgical pathology^CPT|||20261201093000+0000"
                        + "|||||||||||||||20261201100000+0000||SP|F",
                "OBX|1|CWE|59847-4^Histology and behavior ICD-O-3^LN||" + morphology
                        + "^Osteosarcoma NOS^ICDO3||||||F|||20261201095500+0000");
    }

    public static String message(String type, String application, String controlId, String obr, String... obx) {
        StringBuilder text = new StringBuilder()
                .append("MSH|^~\\&|")
                .append(application)
                .append('|')
                .append(FACILITY)
                .append("|OSTEON|OSTEON|20261201100500+0000||")
                .append(type)
                .append('|')
                .append(controlId)
                .append("|P|2.5.1\r")
                .append("PID|1||PID778899^^^HOSP^MR||Doe^Jane||19800101|F\r")
                .append("ORC|RE||\r")
                .append(obr)
                .append('\r');
        for (String segment : obx) {
            text.append(segment).append('\r');
        }
        return text.toString();
    }
}
