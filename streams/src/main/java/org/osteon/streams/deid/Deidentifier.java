package org.osteon.streams.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.ValueRepresentation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;
import org.osteon.platform.dicom.DicomHeader;
import org.osteon.platform.dicom.DicomObjects;
import org.osteon.platform.dicom.NativePixelData;
import org.osteon.platform.dicom.UnreadableDicomException;
import org.osteon.streams.deid.profile.Action;
import org.osteon.streams.deid.profile.AuditEntry;
import org.osteon.streams.deid.profile.BurnedInAnnotation;
import org.osteon.streams.deid.profile.DateShifter;
import org.osteon.streams.deid.profile.DeidProfile;
import org.osteon.streams.deid.profile.ProfileApplier;
import org.osteon.streams.deid.profile.ProfileOption;
import org.osteon.streams.deid.profile.TextCleaner;

/**
 * PS3.15 Annex E de-identification as a declarative {@link DeidProfile} says, with keyed replacements:
 * UIDs map to stable 2.25 UIDs, so re-sent images join the same study; dates move back by a keyed
 * per-patient number of days; the patient becomes a keyed pseudonym.
 */
public final class Deidentifier {

    static final String MODIFIED_DATES = "retain-longitudinal-modified-dates";
    static final String PATIENT_CHARACTERISTICS = "retain-patient-characteristics";
    private static final AttributeTag LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED = new AttributeTag(0x0028, 0x0303);
    /** Every age above 89 years, as one value (Age String). */
    static final String AGGREGATED_AGE = "090Y";

    /** Attributes whose values, wherever they also appear in free text, are blanked by the clean action. */
    private static final List<AttributeTag> IDENTIFYING = List.of(
            TagFromName.PatientName,
            TagFromName.PatientID,
            TagFromName.OtherPatientIDs,
            TagFromName.OtherPatientNames,
            new AttributeTag(0x0010, 0x1005),
            TagFromName.PatientMotherBirthName,
            TagFromName.PatientAddress,
            TagFromName.PatientTelephoneNumbers,
            TagFromName.AccessionNumber,
            TagFromName.StudyID,
            TagFromName.InstitutionName,
            TagFromName.InstitutionAddress,
            TagFromName.InstitutionalDepartmentName,
            TagFromName.ReferringPhysicianName,
            TagFromName.PerformingPhysicianName,
            TagFromName.OperatorsName,
            TagFromName.NameOfPhysiciansReadingStudy,
            TagFromName.PhysiciansOfRecord,
            TagFromName.RequestingPhysician,
            TagFromName.StationName,
            TagFromName.DeviceSerialNumber,
            TagFromName.PatientBirthDate,
            TagFromName.MedicalRecordLocator,
            TagFromName.RequestedProcedureID,
            TagFromName.PerformedProcedureStepID);

    /** The outcome for one object: de-identified, or held back in the PHI zone with a reason. */
    public record Result(DicomHeader header, List<AuditEntry> audit, Integer dateShiftDays, String quarantineReason) {
        public boolean quarantined() {
            return quarantineReason != null;
        }
    }

    private final DeidProfile profile;
    private final Set<String> options;
    private final UnaryOperator<String> uidReplacement;
    private final ToIntFunction<String> dateShiftDays;
    private final boolean aggregateAgesOver89;
    private final boolean copyPixelData;

    /**
     * @param options the enabled options, by the names the profile declares
     * @param uidReplacement an original instance UID to its stable replacement
     * @param dateShiftDays a patient's identifier (or the study UID when there is none) to how many days back its dates move
     */
    public Deidentifier(
            DeidProfile profile,
            Set<String> options,
            UnaryOperator<String> uidReplacement,
            ToIntFunction<String> dateShiftDays) {
        this(profile, options, uidReplacement, dateShiftDays, true);
    }

    /**
     * @param aggregateAgesOver89 whether a kept Patient's Age above 89 years becomes {@code 090Y}
     *     (HIPAA Safe Harbor: a great age is rare enough to single a patient out)
     */
    public Deidentifier(
            DeidProfile profile,
            Set<String> options,
            UnaryOperator<String> uidReplacement,
            ToIntFunction<String> dateShiftDays,
            boolean aggregateAgesOver89) {
        this(profile, options, uidReplacement, dateShiftDays, aggregateAgesOver89, true);
    }

    /**
     * @param copyPixelData whether native pixel data is copied from the source file byte for byte rather than
     *     decoded and encoded again by PixelMed; the output is the same either way (DeidentifierPixelDataTest),
     *     and false exists so that tests can show it
     */
    Deidentifier(
            DeidProfile profile,
            Set<String> options,
            UnaryOperator<String> uidReplacement,
            ToIntFunction<String> dateShiftDays,
            boolean aggregateAgesOver89,
            boolean copyPixelData) {
        for (String option : options) {
            if (!profile.options().containsKey(option)) {
                throw new IllegalArgumentException("profile " + profile.id() + " has no option '" + option
                        + "'; it has " + profile.options().keySet());
            }
        }
        this.profile = profile;
        this.options = Set.copyOf(options);
        this.uidReplacement = uidReplacement;
        this.dateShiftDays = dateShiftDays;
        this.aggregateAgesOver89 = aggregateAgesOver89;
        this.copyPixelData = copyPixelData;
    }

    public DeidProfile profile() {
        return profile;
    }

    /** The options in force, in the profile's words, for the audit. */
    public Set<String> options() {
        return options;
    }

    /**
     * Reads {@code source}, de-identifies it and writes the result to {@code target} atomically, so a
     * reader never sees half a file and a replay simply overwrites it. Nothing is written when the
     * object is quarantined.
     *
     * @param patientPseudonym written as Patient's Name and Patient ID, so viewers still group images
     */
    public Result deidentify(Path source, Path target, String patientPseudonym)
            throws UnreadableDicomException, IOException {
        DicomObjects.PixelDataInFile read = copyPixelData
                ? DicomObjects.readLeavingPixelData(source)
                : new DicomObjects.PixelDataInFile(DicomObjects.read(source), Optional.empty());
        AttributeList list = read.list();
        Optional<NativePixelData> pixelsInFile = read.pixelData();
        boolean hasPixelData = read.hasPixelData();
        String transferSyntax = DicomObjects.string(list, TagFromName.TransferSyntaxUID);
        try {
            DateShifter shifter = options.contains(MODIFIED_DATES)
                    ? new DateShifter(dateShiftDays.applyAsInt(dateShiftSubject(list)))
                    : null;
            TextCleaner cleaner = new TextCleaner(identifiers(list));
            list.removeGroupLengthAttributes();
            list.removeMetaInformationHeaderAttributes();

            List<AuditEntry> audit =
                    new ArrayList<>(new ProfileApplier(profile, options, uidReplacement, shifter, cleaner).apply(list));
            if (aggregateAgesOver89 && aggregateAge(list)) {
                audit.add(new AuditEntry(
                        "(0010,1010)",
                        "Patient's Age",
                        Action.C,
                        "over 89 years: aggregated to " + AGGREGATED_AGE + " (HIPAA Safe Harbor)"));
            }
            boolean encapsulated = transferSyntax != null && TransferSyntax.isEncapsulated(transferSyntax);
            BurnedInAnnotation.Decision burnedIn = BurnedInAnnotation.decide(list, hasPixelData, profile, encapsulated);
            if (burnedIn instanceof BurnedInAnnotation.Decision.Quarantine q) {
                return new Result(null, audit, shifter == null ? null : shifter.days(), q.reason());
            }
            if (burnedIn instanceof BurnedInAnnotation.Decision.Mask m) {
                if (pixelsInFile.isPresent()) {
                    // Masking changes pixels, so they are decoded after all.
                    list.put(DicomObjects.read(source).get(TagFromName.PixelData));
                    pixelsInFile = Optional.empty();
                }
                BurnedInAnnotation.applyMask(list, m.mask());
                audit.add(new AuditEntry(
                        "(7FE0,0010)",
                        "Pixel Data",
                        Action.C,
                        "pixel mask: " + m.mask().why()));
            }
            mark(list, patientPseudonym, shifter != null);
            audit.add(new AuditEntry("(0010,0010)", "Patient's Name", Action.D, "pseudonym"));
            audit.add(new AuditEntry("(0010,0020)", "Patient ID", Action.D, "pseudonym"));

            // Implicit VR is legal but loses the VRs an independent reader needs; anything else is kept as sent.
            String outSyntax = transferSyntax == null || TransferSyntax.ImplicitVRLittleEndian.equals(transferSyntax)
                    ? TransferSyntax.ExplicitVRLittleEndian
                    : transferSyntax;
            FileMetaInformation.addFileMetaInformation(list, outSyntax, "OSTEON");
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            if (pixelsInFile.isPresent() && TransferSyntax.ExplicitVRLittleEndian.equals(outSyntax)) {
                DicomObjects.writeCopyingPixelData(list, source, pixelsInFile.get(), partial);
            } else if (pixelsInFile.isPresent()) {
                throw new IllegalStateException("pixel data left in a file of transfer syntax " + transferSyntax);
            } else {
                list.write(partial.toFile(), outSyntax, true, true);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Result(
                    DicomObjects.header(list, hasPixelData),
                    List.copyOf(audit),
                    shifter == null ? null : shifter.days(),
                    null);
        } catch (DicomException e) {
            throw new UnreadableDicomException("cannot de-identify: " + e.getMessage(), e);
        }
    }

    /** Replaces a kept age above 89 years with {@link #AGGREGATED_AGE}; true when it did. */
    private static boolean aggregateAge(AttributeList list) throws DicomException {
        String age = DicomObjects.string(list, TagFromName.PatientAge);
        if (age == null || !age.matches("\\d{3}Y") || Integer.parseInt(age.substring(0, 3)) <= 89) {
            return false;
        }
        put(list, TagFromName.PatientAge, AGGREGATED_AGE);
        return true;
    }

    /**
     * Whose dates these are: the patient, so all their studies move together; failing that the study,
     * failing that the instance (which every readable object has: an object with no patient or study
     * is odd, but must still be de-identified, not crash the stage).
     */
    private static String dateShiftSubject(AttributeList list) {
        for (AttributeTag tag :
                List.of(TagFromName.PatientID, TagFromName.StudyInstanceUID, TagFromName.SOPInstanceUID)) {
            String value = DicomObjects.string(list, tag);
            if (value != null) {
                return value;
            }
        }
        throw new IllegalStateException("a readable object always has a SOP Instance UID");
    }

    /** The identity attributes PS3.15 asks for: pseudonymous patient, what was done and under which options. */
    private void mark(AttributeList list, String patientPseudonym, boolean datesShifted) throws DicomException {
        put(list, TagFromName.PatientName, patientPseudonym);
        put(list, TagFromName.PatientID, patientPseudonym);
        put(list, TagFromName.PatientIdentityRemoved, "YES");
        put(list, LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED, datesShifted ? "MODIFIED" : "REMOVED");
        String method = "Osteon " + profile.id() + " " + profile.version();
        put(list, TagFromName.DeidentificationMethod, method.length() > 64 ? method.substring(0, 64) : method);
        SequenceAttribute codes = new SequenceAttribute(TagFromName.DeidentificationMethodCodeSequence);
        codes.addItem(
                new CodedSequenceItem("113100", "DCM", "Basic Application Confidentiality Profile").getAttributeList());
        for (ProfileOption option : profile.options().values().stream()
                .sorted(java.util.Comparator.comparing(ProfileOption::code))
                .toList()) {
            if (options.contains(option.name())) {
                codes.addItem(new CodedSequenceItem(option.code(), "DCM", option.meaning()).getAttributeList());
            }
        }
        list.put(codes);
    }

    /** Every identifying value in the object, nested ones included: what the clean action must blank in free text. */
    private static Set<String> identifiers(AttributeList list) {
        Set<String> values = new LinkedHashSet<>();
        collect(list, values, 0);
        return values;
    }

    private static void collect(AttributeList list, Set<String> values, int depth) {
        if (depth > 32) {
            return;
        }
        for (Attribute attribute : list.values()) {
            if (attribute instanceof SequenceAttribute sequence) {
                for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                    collect(sequence.getItem(i).getAttributeList(), values, depth + 1);
                }
            } else if (IDENTIFYING.contains(attribute.getTag())
                    || ValueRepresentation.isPersonNameVR(attribute.getVR())) {
                try {
                    String[] strings = attribute.getStringValues();
                    if (strings != null) {
                        values.addAll(List.of(strings));
                    }
                } catch (DicomException e) {
                    // an unreadable value cannot appear in text either
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
