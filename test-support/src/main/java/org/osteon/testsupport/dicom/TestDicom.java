package org.osteon.testsupport.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds DICOM test objects in code, with fake PHI planted in every identifying attribute, so tests
 * never depend on sample files and can assert that none of these strings survives.
 */
public final class TestDicom {

    public static final String CR = "1.2.840.10008.5.1.4.1.1.1";
    public static final String DX = "1.2.840.10008.5.1.4.1.1.1.1";
    public static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    public static final String BASIC_TEXT_SR = "1.2.840.10008.5.1.4.1.1.88.11";

    public static final String PATIENT_NAME = "Yamada^Tarou=山田^太郎=やまだ^たろう";
    public static final String STUDY_UID = "1.2.826.0.1.3680043.9.7777.1.1";
    public static final String SERIES_UID = "1.2.826.0.1.3680043.9.7777.1.2";
    public static final String FRAME_OF_REFERENCE_UID = "1.2.826.0.1.3680043.9.7777.1.3";
    public static final String REFERENCED_STUDY_UID = "1.2.826.0.1.3680043.9.7777.1.4";
    public static final String REFERENCED_IMAGE_UID = "1.2.826.0.1.3680043.9.7777.1.5";

    /** Every planted identifying value, as it would appear in bytes. Dates are unusual on purpose. */
    public static final List<String> PLANTED_PHI = List.of(
            "Yamada",
            "Tarou",
            "山田",
            "太郎",
            "やまだ",
            "たろう",
            "PID-90210-X",
            "OTHER-PID-4711",
            "19570314",
            "1 Secret Lane, Hiddenville",
            "+44-20-7946-0999",
            "ACC-66554433",
            "STUDYID-8812",
            "St. Private Hospital",
            "99 Infirmary Rd",
            "Referrer^Rita",
            "Performer^Paul",
            "Operator^Olga",
            "STATION-XR-07",
            "SN-SERIAL-31337",
            STUDY_UID,
            SERIES_UID,
            FRAME_OF_REFERENCE_UID,
            REFERENCED_STUDY_UID,
            REFERENCED_IMAGE_UID,
            "20190823",
            "20190824",
            "REQ-PROC-5150",
            "SPS-ID-8675309",
            "PRIVATE-PHI-SECRET",
            "ACME PHI CREATOR",
            "Patient told me a secret",
            "image comment with PHI");

    private TestDicom() {}

    /** A CR radiograph of the left femur (AP) of a 45-year-old woman, with PHI everywhere. */
    public static AttributeList radiograph(String sopInstanceUid) throws Exception {
        return object(CR, "CR", sopInstanceUid, true);
    }

    public static AttributeList object(String sopClassUid, String modality, String sopInstanceUid, boolean pixels)
            throws Exception {
        SpecificCharacterSet utf8 = new SpecificCharacterSet(new String[] {"ISO_IR 192"});
        AttributeList list = new AttributeList();
        put(list, TagFromName.SpecificCharacterSet, utf8, "ISO_IR 192");
        put(list, TagFromName.SOPClassUID, utf8, sopClassUid);
        put(list, TagFromName.SOPInstanceUID, utf8, sopInstanceUid);
        put(list, TagFromName.StudyInstanceUID, utf8, STUDY_UID);
        put(list, TagFromName.SeriesInstanceUID, utf8, SERIES_UID);
        put(list, TagFromName.FrameOfReferenceUID, utf8, FRAME_OF_REFERENCE_UID);
        put(list, TagFromName.Modality, utf8, modality);
        put(list, TagFromName.PatientName, utf8, PATIENT_NAME);
        put(list, TagFromName.PatientID, utf8, "PID-90210-X");
        put(list, TagFromName.OtherPatientIDs, utf8, "OTHER-PID-4711");
        put(list, TagFromName.PatientBirthDate, utf8, "19570314");
        put(list, TagFromName.PatientAddress, utf8, "1 Secret Lane, Hiddenville");
        put(list, TagFromName.PatientTelephoneNumbers, utf8, "+44-20-7946-0999");
        put(list, TagFromName.PatientAge, utf8, "045Y");
        put(list, TagFromName.PatientSex, utf8, "F");
        put(list, TagFromName.PatientComments, utf8, "Patient told me a secret");
        put(list, TagFromName.AccessionNumber, utf8, "ACC-66554433");
        put(list, TagFromName.StudyID, utf8, "STUDYID-8812");
        put(list, TagFromName.StudyDate, utf8, "20190823");
        put(list, TagFromName.SeriesDate, utf8, "20190823");
        put(list, TagFromName.ContentDate, utf8, "20190824");
        put(list, TagFromName.StudyTime, utf8, "101112");
        put(list, TagFromName.InstitutionName, utf8, "St. Private Hospital");
        put(list, TagFromName.InstitutionAddress, utf8, "99 Infirmary Rd");
        put(list, TagFromName.ReferringPhysicianName, utf8, "Referrer^Rita");
        put(list, TagFromName.PerformingPhysicianName, utf8, "Performer^Paul");
        put(list, TagFromName.OperatorsName, utf8, "Operator^Olga");
        put(list, TagFromName.StationName, utf8, "STATION-XR-07");
        put(list, TagFromName.DeviceSerialNumber, utf8, "SN-SERIAL-31337");
        put(list, TagFromName.ImageComments, utf8, "image comment with PHI");
        put(list, TagFromName.BodyPartExamined, utf8, "LEG");
        put(list, TagFromName.ViewPosition, utf8, "AP");
        put(list, new AttributeTag(0x0020, 0x0062), utf8, "L");
        put(list, TagFromName.StudyDescription, utf8, "XR FEMUR LEFT");
        // As a radiograph's processing station says it: none of the text is in the pixels.
        put(list, new AttributeTag(0x0028, 0x0301), utf8, "NO");

        SequenceAttribute request = new SequenceAttribute(TagFromName.RequestAttributesSequence);
        AttributeList item = new AttributeList();
        put(item, TagFromName.RequestedProcedureID, utf8, "REQ-PROC-5150");
        put(item, new AttributeTag(0x0040, 0x0009), utf8, "SPS-ID-8675309");
        put(item, TagFromName.AccessionNumber, utf8, "ACC-66554433");
        put(item, TagFromName.StudyInstanceUID, utf8, REFERENCED_STUDY_UID);
        request.addItem(item);
        list.put(request);

        // A nested reference to another image: its UID must be replaced like that image's own.
        SequenceAttribute referenced = new SequenceAttribute(TagFromName.ReferencedImageSequence);
        AttributeList reference = new AttributeList();
        put(reference, TagFromName.ReferencedSOPClassUID, utf8, CR);
        put(reference, TagFromName.ReferencedSOPInstanceUID, utf8, REFERENCED_IMAGE_UID);
        referenced.addItem(reference);
        list.put(referenced);

        // A private block that no profile knows to be safe.
        Attribute creator = new LongStringAttribute(new AttributeTag(0x0009, 0x0010));
        creator.addValue("ACME PHI CREATOR");
        list.put(creator);
        Attribute secret = new LongStringAttribute(new AttributeTag(0x0009, 0x1001));
        secret.addValue("PRIVATE-PHI-SECRET");
        list.put(secret);

        if (pixels) {
            addPixels(list, 16, 16);
        }
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "TESTSCU");
        return list;
    }

    public static Path write(AttributeList list, Path file) throws Exception {
        list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        return file;
    }

    public static Path writeRadiograph(Path file, String sopInstanceUid) throws Exception {
        return write(radiograph(sopInstanceUid), file);
    }

    public static void addPixels(AttributeList list, int rows, int columns) throws Exception {
        put(list, TagFromName.Rows, null, Integer.toString(rows));
        put(list, TagFromName.Columns, null, Integer.toString(columns));
        put(list, TagFromName.SamplesPerPixel, null, "1");
        put(list, TagFromName.PhotometricInterpretation, null, "MONOCHROME2");
        put(list, TagFromName.BitsAllocated, null, "16");
        put(list, TagFromName.BitsStored, null, "12");
        put(list, TagFromName.HighBit, null, "11");
        put(list, TagFromName.PixelRepresentation, null, "0");
        short[] values = new short[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = (short) ((i * 37) % 4096);
        }
        OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
        pixels.setValues(values);
        list.put(pixels);
    }

    private static void put(AttributeList list, AttributeTag tag, SpecificCharacterSet charset, String value)
            throws Exception {
        Attribute attribute = list.putNewAttribute(tag, charset);
        attribute.addValue(value);
    }
}
