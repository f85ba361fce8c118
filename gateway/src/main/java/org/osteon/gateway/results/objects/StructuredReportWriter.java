package org.osteon.gateway.results.objects;

import static org.osteon.gateway.results.objects.DicomAttributes.ascii;
import static org.osteon.gateway.results.objects.DicomAttributes.date;
import static org.osteon.gateway.results.objects.DicomAttributes.item;
import static org.osteon.gateway.results.objects.DicomAttributes.put;
import static org.osteon.gateway.results.objects.DicomAttributes.sequence;
import static org.osteon.gateway.results.objects.DicomAttributes.time;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.ContentItem;
import com.pixelmed.dicom.ContentItemFactory;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.StructuredReport;
import com.pixelmed.dicom.TagFromName;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import org.osteon.gateway.results.objects.ResultCodes.Code;

/**
 * The Comprehensive SR: a PS3.16 TID 1500 Measurement Report with one measurement group for the source
 * image. With an activation region the group is TID 1410 (Planar ROI Measurements) and carries the
 * region as an image-referenced SCOORD; without one it is TID 1501. docs/results.md draws the tree.
 */
final class StructuredReportWriter {

    static final String SERIES_DESCRIPTION = "Osteon AI result (SR) - NOT FOR CLINICAL USE";
    static final int SERIES_NUMBER = 9901;

    private static final String CONTAINS = "CONTAINS";
    private static final String HAS_CONCEPT_MOD = "HAS CONCEPT MOD";
    private static final String HAS_OBS_CONTEXT = "HAS OBS CONTEXT";
    private static final String SELECTED_FROM = "SELECTED FROM";

    private final ContentItemFactory factory = new ContentItemFactory();

    /** The SR for {@code facts} about the image {@code source}, with the given UIDs. */
    AttributeList build(AttributeList source, SourceAttributes copied, ResultFacts facts, ObjectUids uids)
            throws DicomException {
        AttributeList list = new AttributeList();
        copied.copyInto(list);
        ResultHeader.common(list, facts, SOPClass.ComprehensiveSRStorage, uids.srInstance());
        ResultHeader.series(list, "SR", uids.srSeries(), SERIES_NUMBER, SERIES_DESCRIPTION, facts);
        // Type 2 in the SR Document Series Module: present, and empty since no procedure step is known.
        sequence(list, TagFromName.ReferencedPerformedProcedureStepSequence);
        ResultHeader.equipment(list, facts);

        // SR Document General Module (PS3.3 C.17.2).
        put(list, TagFromName.InstanceNumber, "1");
        // The gate's decision is final for this image and model; no person has verified it.
        put(list, TagFromName.CompletionFlag, "COMPLETE");
        put(list, TagFromName.VerificationFlag, "UNVERIFIED");
        put(list, TagFromName.ContentDate, date(facts.decidedAt()));
        put(list, TagFromName.ContentTime, time(facts.decidedAt()));
        sequence(list, TagFromName.PerformedProcedureCodeSequence);
        AttributeList evidence = item(sequence(list, TagFromName.CurrentRequestedProcedureEvidenceSequence));
        put(evidence, TagFromName.StudyInstanceUID, SourceImage.studyUid(source));
        AttributeList series = item(sequence(evidence, TagFromName.ReferencedSeriesSequence));
        put(series, TagFromName.SeriesInstanceUID, SourceImage.seriesUid(source));
        AttributeList instance = item(sequence(series, TagFromName.ReferencedSOPSequence));
        put(instance, TagFromName.ReferencedSOPClassUID, SourceImage.sopClassUid(source));
        put(instance, TagFromName.ReferencedSOPInstanceUID, SourceImage.sopInstanceUid(source));

        // The private scheme, declared where a reader of the codes looks for it (PS3.3 C.12.1.1.5).
        AttributeList scheme = item(sequence(list, TagFromName.CodingSchemeIdentificationSequence));
        put(scheme, TagFromName.CodingSchemeDesignator, ResultCodes.OSTEON);
        put(scheme, TagFromName.CodingSchemeName, ResultCodes.OSTEON_SCHEME_NAME);
        put(scheme, TagFromName.CodingSchemeResponsibleOrganization, "Osteon project (research prototype)");

        list.putAll(new StructuredReport(content(source, facts, uids)).getAttributeList());
        return list;
    }

    private ContentItem content(AttributeList source, ResultFacts facts, ObjectUids uids) throws DicomException {
        ContentItem root = factory.makeContainerContentItem(
                null, null, ResultCodes.IMAGING_MEASUREMENT_REPORT.item(), true, "DCMR", "1500");
        // TID 1204: the language of everything below.
        code(root, HAS_CONCEPT_MOD, ResultCodes.LANGUAGE, ResultCodes.ENGLISH_US);
        // TID 1001 / 1002 / 1004: a device made these observations, not a person.
        code(root, HAS_OBS_CONTEXT, ResultCodes.OBSERVER_TYPE, ResultCodes.DEVICE);
        factory.makeUIDContentItem(
                root, HAS_OBS_CONTEXT, ResultCodes.DEVICE_OBSERVER_UID.item(), uids.deviceObserver());
        text(root, HAS_OBS_CONTEXT, ResultCodes.DEVICE_OBSERVER_NAME, ResultHeader.DEVICE_NAME);
        text(root, HAS_OBS_CONTEXT, ResultCodes.DEVICE_OBSERVER_MANUFACTURER, ResultHeader.MANUFACTURER);
        text(root, HAS_OBS_CONTEXT, ResultCodes.DEVICE_OBSERVER_MODEL_NAME, facts.modelName());
        code(root, HAS_CONCEPT_MOD, ResultCodes.PROCEDURE_REPORTED, ResultCodes.RADIOGRAPHIC_IMAGING_PROCEDURE);

        // TID 1600: the image the measurements are about.
        ContentItem library = container(root, ResultCodes.IMAGE_LIBRARY);
        ContentItem libraryGroup = container(library, ResultCodes.IMAGE_LIBRARY_GROUP);
        image(libraryGroup, CONTAINS, source);

        ContentItem measurements = container(root, ResultCodes.IMAGING_MEASUREMENTS);
        ContentItem group = factory.makeContainerContentItem(
                measurements,
                CONTAINS,
                ResultCodes.MEASUREMENT_GROUP.item(),
                true,
                "DCMR",
                facts.region().isPresent() ? "1410" : "1501");
        text(group, HAS_OBS_CONTEXT, ResultCodes.TRACKING_IDENTIFIER, "Osteon malignancy assessment");
        factory.makeUIDContentItem(group, HAS_OBS_CONTEXT, ResultCodes.TRACKING_UID.item(), uids.tracking());
        // The finding the group evaluates, not one it asserts: its probability and lane follow.
        code(group, CONTAINS, ResultCodes.FINDING, ResultCodes.MALIGNANT_NEOPLASTIC_DISEASE);
        code(group, HAS_CONCEPT_MOD, ResultCodes.FINDING_SITE, ResultCodes.BONE);
        if (facts.region().isPresent()) {
            Region region = facts.region().get();
            ContentItem scoord = factory.makeSpatialCoordinatesContentItem(
                    group, CONTAINS, ResultCodes.IMAGE_REGION.item(), "POLYLINE", region.outlineColumnRowPairs());
            image(scoord, SELECTED_FROM, source);
        }

        ContentItem probability = factory.makeNumericContentItem(
                group,
                CONTAINS,
                ResultCodes.PROBABILITY_OF_CANCER.item(),
                decimal(facts.malignantProbability() * 100, 4),
                ResultCodes.PERCENT.item());
        algorithm(probability, facts);
        ContentItem uncertainty = factory.makeNumericContentItem(
                group,
                CONTAINS,
                ResultCodes.MODEL_UNCERTAINTY.item(),
                decimal(facts.uncertainty(), 6),
                ResultCodes.NO_UNITS.item());
        algorithm(uncertainty, facts);
        code(group, CONTAINS, ResultCodes.TRIAGE_OUTCOME, ResultCodes.OUTCOMES.get(facts.outcome()));
        code(
                group,
                CONTAINS,
                ResultCodes.UNCERTAINTY_EVALUATION,
                "REVIEW".equals(facts.outcome()) ? ResultCodes.ABSTAINED : ResultCodes.CONFIDENT);
        if (facts.region().isPresent()) {
            text(group, CONTAINS, ResultCodes.COMMENT, facts.region().get().description());
        }

        // TID 1500 rows 12-14: the statement every Osteon result carries, where a reader of the report sees it.
        ContentItem evaluations = container(root, ResultCodes.QUALITATIVE_EVALUATIONS);
        text(evaluations, CONTAINS, ResultCodes.COMMENT, facts.provenance());
        return root;
    }

    /** TID 4019, under each measurement: which model, which version, which thresholds. */
    private void algorithm(ContentItem measurement, ResultFacts facts) throws DicomException {
        text(measurement, HAS_CONCEPT_MOD, ResultCodes.ALGORITHM_NAME, facts.modelName());
        text(measurement, HAS_CONCEPT_MOD, ResultCodes.ALGORITHM_VERSION, facts.modelVersion());
        text(measurement, HAS_CONCEPT_MOD, ResultCodes.ALGORITHM_PARAMETERS, facts.thresholdsVersion());
    }

    private ContentItem container(ContentItem parent, Code concept) throws DicomException {
        return factory.makeContainerContentItem(parent, CONTAINS, concept.item(), true);
    }

    private void code(ContentItem parent, String relationship, Code concept, Code value) throws DicomException {
        factory.makeCodeContentItem(parent, relationship, concept.item(), value.item());
    }

    private void text(ContentItem parent, String relationship, Code concept, String value) throws DicomException {
        factory.makeTextContentItem(parent, relationship, concept.item(), ascii(value, 1024));
    }

    private void image(ContentItem parent, String relationship, AttributeList source) throws DicomException {
        factory.makeImageContentItem(
                parent,
                relationship,
                null,
                SourceImage.sopClassUid(source),
                SourceImage.sopInstanceUid(source),
                0,
                0,
                null,
                null,
                null,
                null);
    }

    /** A DS value: at most {@code scale} decimals, no trailing zeros, no exponent, within 16 characters. */
    static String decimal(double value, int scale) {
        String s = new BigDecimal(value)
                .setScale(scale, RoundingMode.HALF_EVEN)
                .stripTrailingZeros()
                .toPlainString();
        if (s.length() > 16) {
            s = String.format(Locale.ROOT, "%.9e", value);
        }
        return s;
    }
}
