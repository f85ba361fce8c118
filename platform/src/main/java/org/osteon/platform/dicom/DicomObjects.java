package org.osteon.platform.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClassDescriptions;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;

/** Reads the routing header of a DICOM Part 10 file. */
public final class DicomObjects {

    /** Not in PixelMed's TagFromName under this keyword in every release, so spelled out. */
    static final AttributeTag IMAGE_LATERALITY = new AttributeTag(0x0020, 0x0062);

    private DicomObjects() {}

    public static DicomHeader readHeader(Path file) throws UnreadableDicomException, IOException {
        return header(read(file));
    }

    /**
     * The header of a file read only up to its pixel data, for the gateway's routing fields: a
     * radiograph's pixels are most of its bytes and the gateway never needs them.
     */
    public static DicomHeader readRoutingHeader(Path file) throws UnreadableDicomException, IOException {
        DicomInputGuard.check(file, DicomLimits.DEFAULTS);
        AttributeList list = new AttributeList();
        long read;
        long size;
        try {
            read = list.read(file.toFile(), TagFromName.PixelData);
            size = java.nio.file.Files.size(file);
        } catch (IOException | DicomException | RuntimeException e) {
            throw new UnreadableDicomException("not a readable DICOM object: " + e.getMessage(), e);
        }
        if (string(list, TagFromName.SOPInstanceUID) == null || string(list, TagFromName.SOPClassUID) == null) {
            throw new UnreadableDicomException("not a DICOM composite object: no SOP Class or SOP Instance UID");
        }
        DicomHeader h = header(list);
        // Reading stopped at the pixel data when bytes are left over.
        if (read >= size || h.hasPixelData()) {
            return h;
        }
        return new DicomHeader(
                h.transferSyntaxUid(),
                h.sopClassUid(),
                h.sopInstanceUid(),
                h.studyInstanceUid(),
                h.seriesInstanceUid(),
                h.modality(),
                h.patientId(),
                h.patientName(),
                h.accessionNumber(),
                h.bodyPartExamined(),
                h.laterality(),
                h.viewPosition(),
                h.photometricInterpretation(),
                h.rows(),
                h.columns(),
                h.samplesPerPixel(),
                h.patientAge(),
                h.patientSex(),
                true);
    }

    /** Human-readable name of a SOP Class, e.g. "CT Image Storage"; the UID itself when unknown. */
    public static String sopClassName(String sopClassUid) {
        String name = sopClassUid == null ? null : SOPClassDescriptions.getDescriptionFromUID(sopClassUid);
        return name == null || name.isBlank() ? sopClassUid : name;
    }

    public static AttributeList read(Path file) throws UnreadableDicomException, IOException {
        // PixelMed accepts truncated and inconsistent structure and recurses into every sequence: only
        // a structure the guard has walked within the limits reaches it (docs/robustness.md).
        DicomInputGuard.check(file, DicomLimits.DEFAULTS);
        AttributeList list = new AttributeList();
        try {
            list.read(file.toFile());
        } catch (IOException | DicomException | RuntimeException e) {
            throw new UnreadableDicomException("not a readable DICOM object: " + e.getMessage(), e);
        }
        if (string(list, TagFromName.SOPInstanceUID) == null || string(list, TagFromName.SOPClassUID) == null) {
            throw new UnreadableDicomException("not a DICOM composite object: no SOP Class or SOP Instance UID");
        }
        return list;
    }

    public static DicomHeader header(AttributeList list) {
        String laterality = string(list, IMAGE_LATERALITY);
        if (laterality == null) {
            laterality = string(list, TagFromName.Laterality);
        }
        return new DicomHeader(
                string(list, TagFromName.TransferSyntaxUID),
                string(list, TagFromName.SOPClassUID),
                string(list, TagFromName.SOPInstanceUID),
                string(list, TagFromName.StudyInstanceUID),
                string(list, TagFromName.SeriesInstanceUID),
                string(list, TagFromName.Modality),
                string(list, TagFromName.PatientID),
                string(list, TagFromName.PatientName),
                string(list, TagFromName.AccessionNumber),
                string(list, TagFromName.BodyPartExamined),
                laterality,
                string(list, TagFromName.ViewPosition),
                string(list, TagFromName.PhotometricInterpretation),
                integer(list, TagFromName.Rows),
                integer(list, TagFromName.Columns),
                integer(list, TagFromName.SamplesPerPixel),
                string(list, TagFromName.PatientAge),
                string(list, TagFromName.PatientSex),
                list.get(TagFromName.PixelData) != null);
    }

    /** Trimmed value, or null when absent or empty: odd-length padding must not leak into keys. */
    public static String string(AttributeList list, AttributeTag tag) {
        String value =
                Attribute.getDelimitedStringValuesOrEmptyString(list, tag).trim();
        return value.isEmpty() ? null : value;
    }

    private static Integer integer(AttributeList list, AttributeTag tag) {
        Attribute attribute = list.get(tag);
        if (attribute == null || attribute.getVM() == 0) {
            return null;
        }
        try {
            return attribute.getIntegerValues()[0];
        } catch (DicomException e) {
            return null;
        }
    }
}
