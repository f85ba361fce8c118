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
 * <p>The source's Attribute objects are copied as they are, with the source's Specific Character Set,
 * so a name is written in the character set it came in and not re-interpreted. PixelMed decodes every
 * character set it reads into Unicode but cannot encode all of them: ISO 2022 with code extensions (IR 87
 * Japanese, IR 149 Korean, ...) comes out as '?'. Each copied text value is therefore encoded and decoded
 * again with its character set; if any value does not survive, the object is written in ISO_IR 192
 * (UTF-8) with the values transcoded from the Unicode PixelMed read, which every value survives. One
 * object may use another character set than the other objects of its study.
 */
final class SourceAttributes {

    static final String UTF_8 = "ISO_IR 192";

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
    private final boolean transcoded;

    private SourceAttributes(List<Attribute> attributes, Attribute specificCharacterSet, boolean transcoded) {
        this.attributes = attributes;
        this.specificCharacterSet = specificCharacterSet;
        this.transcoded = transcoded;
    }

    static SourceAttributes of(AttributeList source) throws DicomException {
        if (Attribute.getSingleStringValueOrNull(source, TagFromName.StudyInstanceUID) == null) {
            throw new DicomException("the source image has no Study Instance UID");
        }
        List<Attribute> copied = new ArrayList<>();
        boolean survives = true;
        for (AttributeTag tag : COPIED) {
            Attribute a = source.get(tag);
            if (a != null) {
                copied.add(a);
                survives &= survivesItsCharacterSet(a);
            }
        }
        Attribute charset = source.get(TagFromName.SpecificCharacterSet);
        if (survives) {
            return new SourceAttributes(copied, charset, false);
        }
        SpecificCharacterSet utf8 = new SpecificCharacterSet(new String[] {UTF_8});
        List<Attribute> transcoded = new ArrayList<>();
        for (Attribute a : copied) {
            if (a instanceof StringAttribute) {
                Attribute t = AttributeFactory.newAttribute(a.getTag(), a.getVR(), utf8);
                for (String v : a.getStringValues()) {
                    t.addValue(v);
                }
                transcoded.add(t);
            } else {
                transcoded.add(a);
            }
        }
        Attribute utf8Charset = AttributeFactory.newAttribute(TagFromName.SpecificCharacterSet);
        utf8Charset.addValue(UTF_8);
        return new SourceAttributes(transcoded, utf8Charset, true);
    }

    /** Whether the object is written in ISO_IR 192 because the source's character set could not be written. */
    boolean transcoded() {
        return transcoded;
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

    private static boolean survivesItsCharacterSet(Attribute a) throws DicomException {
        if (!(a instanceof StringAttribute s)) {
            return true;
        }
        SpecificCharacterSet charset = s.getSpecificCharacterSet();
        for (String v : s.getStringValues()) {
            if (v == null || v.chars().allMatch(c -> c < 0x80)) {
                continue;
            }
            if (charset == null) {
                // Non-ASCII read under the default repertoire: the source broke the rule; keep what was read.
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
