package org.osteon.streams.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.ClinicalTrialsAttributes;
import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.ValueRepresentation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * PS3.15 Basic Application Confidentiality Profile with the Retain Patient Characteristics option,
 * on top of PixelMed's implementation, with stable keyed pseudonyms for UIDs instead of PixelMed's
 * random remap, so that every image of one study keeps sharing one Study Instance UID.
 */
public final class Deidentifier {

    /** The profile and option applied, in the words of PS3.15, recorded in the object and the event. */
    public static final String METHOD =
            "Basic Application Confidentiality Profile with Retain Patient Characteristics Option";

    /** The same, within the 64 characters of De-identification Method (LO); the code sequence is exact. */
    static final String METHOD_LO = "PS3.15 Basic Profile, Retain Patient Characteristics Option";

    /** UIDs under this root are defined by the standard (SOP classes, transfer syntaxes, coding schemes), never instance identifiers. */
    private static final String STANDARD_UID_ROOT = "1.2.840.10008.";

    /**
     * Identifying attributes PixelMed keeps with these options or that are free text, removed wherever
     * they occur, nested sequences included.
     */
    private static final List<AttributeTag> ALWAYS_REMOVE = List.of(
            TagFromName.OtherPatientIDs, TagFromName.OtherPatientIDsSequence, TagFromName.OtherPatientNames,
            TagFromName.PatientBirthDate, TagFromName.PatientBirthTime, TagFromName.PatientAddress,
            TagFromName.PatientTelephoneNumbers, TagFromName.PatientMotherBirthName, TagFromName.MilitaryRank,
            TagFromName.AccessionNumber, TagFromName.StudyID, TagFromName.RequestedProcedureID,
            new AttributeTag(0x0040, 0x0009) /* Scheduled Procedure Step ID */, TagFromName.PerformedProcedureStepID,
            TagFromName.InstitutionName, TagFromName.InstitutionAddress, TagFromName.InstitutionalDepartmentName,
            TagFromName.ReferringPhysicianName, TagFromName.PerformingPhysicianName,
            TagFromName.OperatorsName, TagFromName.NameOfPhysiciansReadingStudy,
            TagFromName.PhysiciansOfRecord, TagFromName.RequestingPhysician,
            TagFromName.StationName, TagFromName.DeviceSerialNumber,
            TagFromName.ImageComments, TagFromName.PatientComments, TagFromName.StudyComments,
            TagFromName.AdditionalPatientHistory, TagFromName.RequestAttributesSequence);

    /** Type 2 attributes of the Patient and General Study modules: present but empty (PS3.15 action Z). */
    private static final List<AttributeTag> EMPTY_TYPE_2 = List.of(
            TagFromName.PatientBirthDate, TagFromName.StudyDate, TagFromName.StudyTime,
            TagFromName.ReferringPhysicianName, TagFromName.StudyID, TagFromName.AccessionNumber);

    private Deidentifier() {
    }

    /**
     * Reads {@code source}, de-identifies it and writes the result to {@code target} (atomically, so a
     * reader never sees half a file and a replay simply overwrites it).
     *
     * @param pseudonymousUid maps an original instance UID to its stable replacement
     * @param patientPseudonym written as Patient's Name and Patient ID, so viewers still group images
     * @return the header of the de-identified object
     */
    public static DicomHeader deidentify(Path source, Path target, UnaryOperator<String> pseudonymousUid,
            String patientPseudonym) throws UnreadableDicomException, IOException {
        AttributeList list = DicomObjects.read(source);
        String transferSyntax = DicomObjects.string(list, TagFromName.TransferSyntaxUID);
        try {
            list.removeGroupLengthAttributes();
            list.removeMetaInformationHeaderAttributes();
            ClinicalTrialsAttributes.removeOrNullIdentifyingAttributes(list,
                    ClinicalTrialsAttributes.HandleUIDs.keep,
                    true,   // keep descriptors: study and series descriptions carry the body part and view
                    true,   // keep series descriptors
                    true,   // keep protocol name
                    true,   // keep patient characteristics: age and sex are model inputs
                    false,  // device identity is identifying (serial numbers)
                    false,  // institution identity is identifying
                    ClinicalTrialsAttributes.HandleDates.remove, null, null,
                    ClinicalTrialsAttributes.HandleStructuredContent.remove);
            list.removeUnsafePrivateAttributes();
            removeEverywhere(list);
            for (AttributeTag tag : EMPTY_TYPE_2) {
                if (list.get(tag) == null) {
                    list.putNewAttribute(tag);
                }
            }
            replaceUids(list, pseudonymousUid);
            put(list, TagFromName.PatientName, patientPseudonym);
            put(list, TagFromName.PatientID, patientPseudonym);
            put(list, TagFromName.PatientIdentityRemoved, "YES");
            put(list, TagFromName.DeidentificationMethod, METHOD_LO);
            SequenceAttribute codes = new SequenceAttribute(TagFromName.DeidentificationMethodCodeSequence);
            codes.addItem(new CodedSequenceItem("113100", "DCM", "Basic Application Confidentiality Profile").getAttributeList());
            codes.addItem(new CodedSequenceItem("113108", "DCM", "Retain Patient Characteristics Option").getAttributeList());
            list.put(codes);
            String outSyntax = transferSyntax == null || TransferSyntax.ImplicitVRLittleEndian.equals(transferSyntax)
                    ? TransferSyntax.ExplicitVRLittleEndian : transferSyntax;
            FileMetaInformation.addFileMetaInformation(list, outSyntax, "OSTEON");
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            list.write(partial.toFile(), outSyntax, true, true);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (DicomException e) {
            throw new UnreadableDicomException("cannot de-identify: " + e.getMessage(), e);
        }
        return DicomObjects.header(list);
    }

    private static void removeEverywhere(AttributeList list) {
        for (AttributeTag tag : ALWAYS_REMOVE) {
            list.removeRecursively(tag);
        }
    }

    /** Replaces every non-standard UID, nested ones too, so references between objects stay consistent. */
    private static void replaceUids(AttributeList list, UnaryOperator<String> pseudonymousUid) throws DicomException {
        for (Attribute attribute : new ArrayList<>(list.values())) {
            if (attribute instanceof SequenceAttribute sequence) {
                for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                    SequenceItem item = sequence.getItem(i);
                    replaceUids(item.getAttributeList(), pseudonymousUid);
                }
            } else if (ValueRepresentation.isUniqueIdentifierVR(attribute.getVR())) {
                String[] values = attribute.getStringValues();
                if (values == null || values.length == 0) {
                    continue;
                }
                attribute.removeValues();
                for (String value : values) {
                    String uid = value.trim();
                    attribute.addValue(uid.startsWith(STANDARD_UID_ROOT) ? uid : pseudonymousUid.apply(uid));
                }
            }
        }
    }

    private static void put(AttributeList list, AttributeTag tag, String value) throws DicomException {
        list.remove(tag);
        Attribute attribute = list.putNewAttribute(tag);
        attribute.addValue(value);
    }
}
