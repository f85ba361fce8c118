package org.osteon.gateway.results.objects;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.StringAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Patient and General Study attributes the result objects share with their source image, so the PACS
 * files them into the original study under the original patient.
 *
 * <p>The objects carry the source's Specific Character Set, and each copied value is written in it exactly
 * as the source spelled it. PixelMed decodes every character set it reads into Unicode but cannot encode
 * all of them: ISO 2022 with code extensions (IR 87 Japanese, IR 149 Korean, ...) comes out as '?'. Each
 * copied text value is therefore encoded and decoded again with its character set, and one that does not
 * survive is written with the source's own bytes ({@link VerbatimAttribute}). Re-encoding a value that
 * survives gives the same characters, so the copy means what the source meant either way. Osteon's own
 * text is printable ASCII ({@link DicomAttributes#ascii}), which every character set encodes alike.
 */
final class SourceAttributes {

    /** Patient Module (PS3.3 C.7.1.1) and General Study Module (C.7.2.1): the attributes copied. */
    private static final List<AttributeTag> COPIED = List.of(
            TagFromName.PatientName,
            TagFromName.PatientID,
            TagFromName.IssuerOfPatientID,
            TagFromName.PatientBirthDate,
            TagFromName.PatientSex,
            TagFromName.StudyInstanceUID,
            TagFromName.StudyDate,
            TagFromName.StudyTime,
            TagFromName.ReferringPhysicianName,
            TagFromName.StudyID,
            TagFromName.AccessionNumber,
            TagFromName.StudyDescription);

    /** Type 2 in those modules: present, empty when the source has no value. */
    private static final List<AttributeTag> TYPE_2 = List.of(
            TagFromName.PatientName,
            TagFromName.PatientID,
            TagFromName.PatientBirthDate,
            TagFromName.PatientSex,
            TagFromName.StudyDate,
            TagFromName.StudyTime,
            TagFromName.ReferringPhysicianName,
            TagFromName.StudyID,
            TagFromName.AccessionNumber);

    private final List<Attribute> attributes;
    private final Attribute specificCharacterSet;

    private SourceAttributes(List<Attribute> attributes, Attribute specificCharacterSet) {
        this.attributes = attributes;
        this.specificCharacterSet = specificCharacterSet;
    }

    static SourceAttributes of(AttributeList source) throws DicomException {
        if (Attribute.getSingleStringValueOrNull(source, TagFromName.StudyInstanceUID) == null) {
            throw new DicomException("the source image has no Study Instance UID");
        }
        List<Attribute> copied = new ArrayList<>();
        for (AttributeTag tag : COPIED) {
            Attribute a = source.get(tag);
            if (a instanceof StringAttribute s && !survivesItsCharacterSet(s)) {
                copied.add(new VerbatimAttribute(s));
            } else if (a != null) {
                copied.add(a);
            }
        }
        return new SourceAttributes(copied, source.get(TagFromName.SpecificCharacterSet));
    }

    /** Puts the copied attributes, the Type 2 ones the source lacks (empty), and the character set. */
    void copyInto(AttributeList list) throws DicomException {
        if (specificCharacterSet != null) {
            list.put(specificCharacterSet);
        }
        for (Attribute a : attributes) {
            list.put(a);
        }
        for (AttributeTag tag : TYPE_2) {
            if (list.get(tag) == null) {
                list.put(AttributeFactory.newAttribute(tag));
            }
        }
    }

    private static boolean survivesItsCharacterSet(StringAttribute s) throws DicomException {
        SpecificCharacterSet charset = s.getSpecificCharacterSet();
        for (String v : s.getStringValues()) {
            if (v == null || v.chars().allMatch(c -> c < 0x80)) {
                continue;
            }
            if (charset == null) {
                // Non-ASCII read under the default repertoire: the source broke the rule; keep its bytes.
                return false;
            }
            try {
                byte[] bytes = charset.translateStringToByteArray(v);
                if (!v.equals(charset.translateByteArrayToString(bytes, 0, bytes.length))) {
                    return false;
                }
            } catch (UnsupportedEncodingException | RuntimeException e) {
                return false;
            }
        }
        return true;
    }
}
