package org.osteon.gateway.results.objects;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;

/** What the objects need to know of the source image, each read once and checked. */
final class SourceImage {

    private SourceImage() {}

    static String studyUid(AttributeList source) throws DicomException {
        return required(source, TagFromName.StudyInstanceUID);
    }

    static String seriesUid(AttributeList source) throws DicomException {
        return required(source, TagFromName.SeriesInstanceUID);
    }

    static String sopClassUid(AttributeList source) throws DicomException {
        return required(source, TagFromName.SOPClassUID);
    }

    static String sopInstanceUid(AttributeList source) throws DicomException {
        return required(source, TagFromName.SOPInstanceUID);
    }

    static int rows(AttributeList source) throws DicomException {
        return positive(source, TagFromName.Rows);
    }

    static int columns(AttributeList source) throws DicomException {
        return positive(source, TagFromName.Columns);
    }

    private static String required(AttributeList source, AttributeTag tag) throws DicomException {
        String v = Attribute.getSingleStringValueOrNull(source, tag);
        if (v == null || v.isBlank()) {
            throw new DicomException(
                    "the source image has no " + source.getDictionary().getNameFromTag(tag));
        }
        return v.trim();
    }

    private static int positive(AttributeList source, AttributeTag tag) throws DicomException {
        int v = Attribute.getSingleIntegerValueOrDefault(source, tag, 0);
        if (v <= 0) {
            throw new DicomException(
                    "the source image has no " + source.getDictionary().getNameFromTag(tag));
        }
        return v;
    }
}
