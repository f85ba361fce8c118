package org.osteon.gateway.results.objects;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The sources and facts the tests write objects for. */
final class ObjectCases {

    static final Path SAMPLES = samples();
    /** A malignant sample with a Latin name. */
    static final Path MALIGNANT = SAMPLES.resolve("03-malignant-femur.dcm");
    /** ISO_IR 192 with a Japanese name in three component groups. */
    static final Path CJK = SAMPLES.resolve("01-normal-femur.dcm");
    /** MONOCHROME1, to show the shutter draws white over an inverted image too. */
    static final Path MONOCHROME1 = SAMPLES.resolve("04-normal-humerus.dcm");

    static final double PROBABILITY = 0.8123;
    static final double UNCERTAINTY = 0.0421;
    static final String MODEL_VERSION = "0.2.0";
    static final String THRESHOLDS = "osteon-bone-xr@0.2.0;escalate=0.3444;review=0.7228";
    static final String PROVENANCE = "Osteon research prototype - " + ResultFacts.NOT_FOR_CLINICAL_USE;
    static final Instant DECIDED_AT = Instant.parse("2024-05-01T10:11:12.123456Z");

    private ObjectCases() {}

    static AttributeList read(Path file) throws IOException, DicomException {
        AttributeList list = new AttributeList();
        list.read(file.toString());
        return list;
    }

    /** A 12 × 12 activation map hot left of centre, as the model's CAM, mapped onto the source. */
    static Optional<Region> region(AttributeList source) {
        float[] cam = new float[144];
        cam[5 * 12 + 5] = 1f;
        cam[5 * 12 + 6] = 0.8f;
        cam[6 * 12 + 5] = 0.7f;
        cam[7 * 12 + 5] = 0.6f;
        int rows = Attribute.getSingleIntegerValueOrDefault(source, TagFromName.Rows, 0);
        int columns = Attribute.getSingleIntegerValueOrDefault(source, TagFromName.Columns, 0);
        return ActivationRegion.of(cam, 12, 12, rows, columns);
    }

    static ResultFacts facts(Optional<Region> region) {
        return new ResultFacts(
                "ESCALATE", PROBABILITY, UNCERTAINTY, MODEL_VERSION, THRESHOLDS, PROVENANCE, DECIDED_AT, region);
    }

    /** The SR and the GSPS for {@code file}, with or without its region. */
    static Written write(Path file, boolean withRegion, Path dir) throws IOException, DicomException {
        AttributeList source = read(file);
        ResultFacts facts = facts(withRegion ? region(source) : Optional.empty());
        List<WrittenObject> objects = ResultObjects.write(source, facts, dir);
        return new Written(source, facts, objects.get(0), objects.get(1));
    }

    record Written(AttributeList source, ResultFacts facts, WrittenObject sr, WrittenObject ps) {
        String sourceSopInstanceUid() {
            return Attribute.getSingleStringValueOrEmptyString(source, TagFromName.SOPInstanceUID);
        }

        String sourceSeriesUid() {
            return Attribute.getSingleStringValueOrEmptyString(source, TagFromName.SeriesInstanceUID);
        }

        String sourceStudyUid() {
            return Attribute.getSingleStringValueOrEmptyString(source, TagFromName.StudyInstanceUID);
        }
    }

    /** samples/radiographs of the repository, from the gateway module or the repository root. */
    private static Path samples() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("samples/radiographs");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "no samples/radiographs above " + Path.of("").toAbsolutePath());
    }
}
