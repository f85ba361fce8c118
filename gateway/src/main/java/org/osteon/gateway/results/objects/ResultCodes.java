package org.osteon.gateway.results.objects;

import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.DicomException;
import java.util.Map;

/**
 * The coded concepts the objects use (docs/results.md, "The objects", lists them with the reasons).
 * Standard codes where the standard has one; the private scheme {@value #OSTEON} only for what it has not:
 * the triage lanes and the model's uncertainty score.
 */
final class ResultCodes {

    /** Private coding scheme designator: "99" prefix, PS3.3 8.2. Declared in the SR's Coding Scheme Identification. */
    static final String OSTEON = "99OSTEON";

    static final String OSTEON_SCHEME_NAME = "Osteon research prototype codes";

    record Code(String value, String scheme, String meaning) {
        CodedSequenceItem item() throws DicomException {
            return new CodedSequenceItem(value, scheme, meaning);
        }
    }

    // Document, context and structure (PS3.16 TID 1500, 1204, 1001, 1004, 1600, 1501, 1410, 4019).
    static final Code IMAGING_MEASUREMENT_REPORT = new Code("126000", "DCM", "Imaging Measurement Report");
    static final Code LANGUAGE = new Code("121049", "DCM", "Language of Content Item and Descendants");
    static final Code ENGLISH_US = new Code("en-US", "RFC5646", "English (United States)");
    static final Code OBSERVER_TYPE = new Code("121005", "DCM", "Observer Type");
    static final Code DEVICE = new Code("121007", "DCM", "Device");
    static final Code DEVICE_OBSERVER_UID = new Code("121012", "DCM", "Device Observer UID");
    static final Code DEVICE_OBSERVER_NAME = new Code("121013", "DCM", "Device Observer Name");
    static final Code DEVICE_OBSERVER_MANUFACTURER = new Code("121014", "DCM", "Device Observer Manufacturer");
    static final Code DEVICE_OBSERVER_MODEL_NAME = new Code("121015", "DCM", "Device Observer Model Name");
    static final Code PROCEDURE_REPORTED = new Code("121058", "DCM", "Procedure reported");
    static final Code RADIOGRAPHIC_IMAGING_PROCEDURE = new Code("363680008", "SCT", "Radiographic imaging procedure");
    static final Code IMAGE_LIBRARY = new Code("111028", "DCM", "Image Library");
    static final Code IMAGE_LIBRARY_GROUP = new Code("126200", "DCM", "Image Library Group");
    static final Code IMAGING_MEASUREMENTS = new Code("126010", "DCM", "Imaging Measurements");
    static final Code MEASUREMENT_GROUP = new Code("125007", "DCM", "Measurement Group");
    static final Code TRACKING_IDENTIFIER = new Code("112039", "DCM", "Tracking Identifier");
    static final Code TRACKING_UID = new Code("112040", "DCM", "Tracking Unique Identifier");
    static final Code FINDING = new Code("121071", "DCM", "Finding");
    static final Code MALIGNANT_NEOPLASTIC_DISEASE = new Code("363346000", "SCT", "Malignant neoplastic disease");
    static final Code FINDING_SITE = new Code("363698007", "SCT", "Finding Site");
    static final Code BONE = new Code("272673000", "SCT", "Bone");
    static final Code IMAGE_REGION = new Code("111030", "DCM", "Image Region");
    static final Code ALGORITHM_NAME = new Code("111001", "DCM", "Algorithm Name");
    static final Code ALGORITHM_VERSION = new Code("111003", "DCM", "Algorithm Version");
    static final Code ALGORITHM_PARAMETERS = new Code("111002", "DCM", "Algorithm Parameters");
    static final Code QUALITATIVE_EVALUATIONS = new Code("C0034375", "UMLS", "Qualitative Evaluations");
    static final Code COMMENT = new Code("121106", "DCM", "Comment");

    // Measurements.
    /** The standard's own concept for a CAD's malignancy likelihood (TID 4005), in percent as it uses it. */
    static final Code PROBABILITY_OF_CANCER = new Code("111047", "DCM", "Probability of cancer");

    static final Code PERCENT = new Code("%", "UCUM", "Percent");
    static final Code NO_UNITS = new Code("1", "UCUM", "no units");

    // The private scheme.
    static final Code MODEL_UNCERTAINTY = new Code("UNCERTAINTY", OSTEON, "Model uncertainty score");
    static final Code TRIAGE_OUTCOME = new Code("TRIAGE", OSTEON, "Triage outcome");
    /**
     * The uncertainty as a coded evaluation beside its score: the gate sends an image to review exactly
     * when its uncertainty reaches the review threshold, so REVIEW means the model abstained.
     */
    static final Code UNCERTAINTY_EVALUATION = new Code("UNCERTAINTY_EVAL", OSTEON, "Model uncertainty evaluation");

    static final Code ABSTAINED =
            new Code("ABSTAINED", OSTEON, "Uncertainty at or above the review threshold: the model abstains");
    static final Code CONFIDENT = new Code("CONFIDENT", OSTEON, "Uncertainty below the review threshold");
    static final Map<String, Code> OUTCOMES = Map.of(
            "ESCALATE", new Code("ESCALATE", OSTEON, "Escalate: confident high risk of malignancy"),
            "REVIEW", new Code("REVIEW", OSTEON, "Review: model uncertain, a person must look"),
            "ROUTINE", new Code("ROUTINE", OSTEON, "Routine: confident not high risk"));

    private ResultCodes() {}
}
