package org.osteon.streams.deid;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.platform.dicom.DicomHeader;
import org.osteon.platform.dicom.DicomObjects;
import org.osteon.testsupport.dicom.TestDicom;

class DeidentifierTest {

    private static final String PSEUDONYM = "abcdefghijklmnopqrstuvwxyz234567";

    @TempDir
    Path dir;

    static final int SHIFT_DAYS = 100;

    static Deidentifier deidentifier(
            org.osteon.streams.deid.profile.DeidProfile profile, java.util.Set<String> options) {
        return new Deidentifier(
                profile, options, uid -> "2.25." + Integer.toUnsignedString(uid.hashCode()), patient -> SHIFT_DAYS);
    }

    static Deidentifier defaults() {
        org.osteon.streams.deid.profile.DeidProfile profile = org.osteon.streams.deid.profile.DeidProfile.loadDefault();
        return deidentifier(
                profile,
                java.util.Set.of(
                        "retain-patient-characteristics", "retain-longitudinal-modified-dates", "clean-descriptors"));
    }

    private DicomHeader deidentify(Path source, Path target) throws Exception {
        return defaults().deidentify(source, target, PSEUDONYM).header();
    }

    @Test
    void shouldRemoveEveryPlantedIdentifierFromTheFile() throws Exception {
        Path source = TestDicom.writeRadiograph(dir.resolve("in.dcm"), "1.2.826.0.1.3680043.9.7777.2.1");
        Path target = dir.resolve("out/out.dcm");

        deidentify(source, target);

        String planted = new String(Files.readAllBytes(source), StandardCharsets.UTF_8);
        assertThat(TestDicom.PLANTED_PHI).allSatisfy(phi -> assertThat(planted).contains(phi));
        String utf8 = new String(Files.readAllBytes(target), StandardCharsets.UTF_8);
        String latin1 = new String(Files.readAllBytes(target), StandardCharsets.ISO_8859_1);
        for (String phi : TestDicom.PLANTED_PHI) {
            assertThat(utf8).as("de-identified file contains %s", phi).doesNotContain(phi);
            assertThat(latin1).as("de-identified file contains %s", phi).doesNotContain(phi);
        }
        assertThat(utf8).doesNotContain("1.2.826.0.1.3680043.9.7777.2.1");
    }

    @Test
    void shouldKeepPatientCharacteristicsAndDescriptors() throws Exception {
        Path source = TestDicom.writeRadiograph(dir.resolve("in.dcm"), "1.2.826.0.1.3680043.9.7777.2.2");
        Path target = dir.resolve("out.dcm");

        DicomHeader header = deidentify(source, target);

        assertThat(header.patientAge()).isEqualTo("045Y");
        assertThat(header.patientSex()).isEqualTo("F");
        assertThat(header.bodyPartExamined()).isEqualTo("LEG");
        assertThat(header.viewPosition()).isEqualTo("AP");
        assertThat(header.laterality()).isEqualTo("L");
        assertThat(header.hasPixelData()).isTrue();
        assertThat(header.rows()).isEqualTo(16);
        AttributeList written = new AttributeList();
        written.read(target.toFile());
        assertThat(Attribute.getSingleStringValueOrNull(written, TagFromName.PatientIdentityRemoved))
                .isEqualTo("YES");
        assertThat(Attribute.getSingleStringValueOrNull(written, TagFromName.PatientName))
                .isEqualTo(PSEUDONYM);
        assertThat(Attribute.getSingleStringValueOrNull(written, TagFromName.PatientID))
                .isEqualTo(PSEUDONYM);
        assertThat(Attribute.getSingleStringValueOrNull(written, TagFromName.DeidentificationMethod))
                .isNotBlank();
        assertThat(written.get(TagFromName.DeidentificationMethodCodeSequence)).isNotNull();
        assertThat(Attribute.getSingleStringValueOrNull(written, TagFromName.StudyDescription))
                .isEqualTo("XR FEMUR LEFT");
    }

    @Test
    void shouldReplaceUidsStablySoImagesOfOneStudyStayTogether() throws Exception {
        Path first = TestDicom.writeRadiograph(dir.resolve("a.dcm"), "1.2.826.0.1.3680043.9.7777.3.1");
        Path second = TestDicom.writeRadiograph(dir.resolve("b.dcm"), "1.2.826.0.1.3680043.9.7777.3.2");

        DicomHeader a = deidentify(first, dir.resolve("a-out.dcm"));
        DicomHeader b = deidentify(second, dir.resolve("b-out.dcm"));

        assertThat(a.studyInstanceUid()).isEqualTo(b.studyInstanceUid()).isNotEqualTo(TestDicom.STUDY_UID);
        assertThat(a.seriesInstanceUid()).isEqualTo(b.seriesInstanceUid()).isNotEqualTo(TestDicom.SERIES_UID);
        assertThat(a.sopInstanceUid()).isNotEqualTo(b.sopInstanceUid());
        assertThat(a.sopClassUid()).isEqualTo(TestDicom.CR);
    }

    @Test
    void shouldMapANestedReferenceLikeTheReferencedImageItself() throws Exception {
        Path source = TestDicom.writeRadiograph(dir.resolve("in.dcm"), "1.2.826.0.1.3680043.9.7777.5.1");
        Path target = dir.resolve("out.dcm");

        deidentify(source, target);

        AttributeList written = new AttributeList();
        written.read(target.toFile());
        com.pixelmed.dicom.SequenceAttribute sequence =
                (com.pixelmed.dicom.SequenceAttribute) written.get(TagFromName.ReferencedImageSequence);
        assertThat(sequence)
                .as("Referenced Image Sequence is kept, with its UIDs replaced")
                .isNotNull();
        AttributeList item = sequence.getItem(0).getAttributeList();
        String expected = "2.25." + Integer.toUnsignedString(TestDicom.REFERENCED_IMAGE_UID.hashCode());
        assertThat(Attribute.getSingleStringValueOrNull(item, TagFromName.ReferencedSOPInstanceUID))
                .isEqualTo(expected);
        assertThat(Attribute.getSingleStringValueOrNull(item, TagFromName.ReferencedSOPClassUID))
                .isEqualTo(TestDicom.CR);
    }

    @Test
    void shouldWriteValuesThatDciodvfyAcceptsForTheirVr() throws Exception {
        Path dciodvfy = Path.of("/usr/bin/dciodvfy");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(dciodvfy), "dicom3tools not installed");
        Path source = TestDicom.writeRadiograph(dir.resolve("in.dcm"), "1.2.826.0.1.3680043.9.7777.6.1");
        Path target = dir.resolve("out.dcm");
        deidentify(source, target);

        Process process = new ProcessBuilder(dciodvfy.toString(), target.toString())
                .redirectErrorStream(true)
                .start();
        String report = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();

        assertThat(report)
                .as(report)
                .doesNotContain("Value invalid for this VR")
                .doesNotContain("Element=<StudyDate>")
                .doesNotContain("Element=<AccessionNumber>")
                .doesNotContain("Element=<PatientBirthDate>");
    }

    @Test
    void shouldProduceAnObjectThatReadsBackWithItsPixels() throws Exception {
        Path source = TestDicom.writeRadiograph(dir.resolve("in.dcm"), "1.2.826.0.1.3680043.9.7777.4.1");
        Path target = dir.resolve("out.dcm");

        deidentify(source, target);

        DicomHeader reread = DicomObjects.readHeader(target);
        assertThat(reread.hasPixelData()).isTrue();
        assertThat(reread.columns()).isEqualTo(16);
        assertThat(reread.transferSyntaxUid()).isEqualTo("1.2.840.10008.1.2.1");
    }

    /** The shipped profile as a site would extend it: the same file with extra lines at the end. */
    private static org.osteon.streams.deid.profile.DeidProfile shippedProfileWith(String lines) throws Exception {
        String text = new String(
                DeidentifierTest.class
                        .getResourceAsStream(org.osteon.streams.deid.profile.DeidProfile.DEFAULT_RESOURCE)
                        .readAllBytes(),
                StandardCharsets.UTF_8);
        return org.osteon.streams.deid.profile.DeidProfile.parse(text + lines, "test");
    }

    private static AttributeList read(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toFile());
        return list;
    }

    @Test
    void shouldShiftDatesByTheKeyedDaysAndMarkTheObject() throws Exception {
        Path source = TestDicom.writeRadiograph(dir.resolve("in.dcm"), "1.2.826.0.1.3680043.9.7777.7.1");
        Path target = dir.resolve("out.dcm");

        Deidentifier.Result result = defaults().deidentify(source, target, PSEUDONYM);

        AttributeList written = read(target);
        assertThat(result.dateShiftDays()).isEqualTo(SHIFT_DAYS);
        // 2019-08-23 minus 100 days
        assertThat(Attribute.getSingleStringValueOrNull(written, TagFromName.StudyDate))
                .isEqualTo("20190515");
        assertThat(Attribute.getSingleStringValueOrNull(written, TagFromName.ContentDate))
                .isEqualTo("20190516");
        assertThat(Attribute.getSingleStringValueOrEmptyString(written, TagFromName.PatientBirthDate))
                .isEmpty();
        assertThat(Attribute.getSingleStringValueOrNull(written, new com.pixelmed.dicom.AttributeTag(0x0028, 0x0303)))
                .isEqualTo("MODIFIED");
        com.pixelmed.dicom.SequenceAttribute codes =
                (com.pixelmed.dicom.SequenceAttribute) written.get(TagFromName.DeidentificationMethodCodeSequence);
        java.util.List<String> values = new java.util.ArrayList<>();
        for (int i = 0; i < codes.getNumberOfItems(); i++) {
            values.add(
                    Attribute.getSingleStringValueOrNull(codes.getItem(i).getAttributeList(), TagFromName.CodeValue));
        }
        assertThat(values).containsExactly("113100", "113105", "113107", "113108");
    }

    @Test
    void shouldRemoveCharacteristicsAndDatesWithTheOptionsOff() throws Exception {
        Path source = TestDicom.writeRadiograph(dir.resolve("in.dcm"), "1.2.826.0.1.3680043.9.7777.7.2");
        Path target = dir.resolve("out.dcm");

        Deidentifier.Result result = deidentifier(
                        org.osteon.streams.deid.profile.DeidProfile.loadDefault(), java.util.Set.of())
                .deidentify(source, target, PSEUDONYM);

        AttributeList written = read(target);
        assertThat(result.dateShiftDays()).isNull();
        assertThat(written.get(TagFromName.PatientAge))
                .as("Patient's Age is X without the option")
                .isNull();
        assertThat(Attribute.getSingleStringValueOrEmptyString(written, TagFromName.PatientSex))
                .isEmpty();
        assertThat(Attribute.getSingleStringValueOrEmptyString(written, TagFromName.StudyDate))
                .isEmpty();
        assertThat(written.get(TagFromName.StudyDescription))
                .as("Study Description is X without Clean Descriptors")
                .isNull();
        assertThat(Attribute.getSingleStringValueOrNull(written, new com.pixelmed.dicom.AttributeTag(0x0028, 0x0303)))
                .isEqualTo("REMOVED");
    }

    @Test
    void shouldCleanDescriptorsOfTheIdentifiersTheObjectCarries() throws Exception {
        AttributeList list = TestDicom.radiograph("1.2.826.0.1.3680043.9.7777.7.3");
        list.get(TagFromName.StudyDescription).setValue("XR FEMUR LEFT Yamada ACC-66554433 2019-08-23");
        Path source = TestDicom.write(list, dir.resolve("in.dcm"));
        Path target = dir.resolve("out.dcm");

        defaults().deidentify(source, target, PSEUDONYM);

        String description = Attribute.getSingleStringValueOrNull(read(target), TagFromName.StudyDescription);
        assertThat(description)
                .startsWith("XR FEMUR LEFT")
                .doesNotContain("Yamada")
                .doesNotContain("66554433")
                .doesNotContain("2019");
    }

    @Test
    void shouldKeepOnlyThePrivateAttributesASafePrivateRowNames() throws Exception {
        var profile = shippedProfileWith("private\t(0009,xx02)\tACME PHI CREATOR\tLO\tvendor exposure index\n");
        AttributeList list = TestDicom.radiograph("1.2.826.0.1.3680043.9.7777.7.4");
        Attribute safe =
                new com.pixelmed.dicom.LongStringAttribute(new com.pixelmed.dicom.AttributeTag(0x0009, 0x1002));
        safe.addValue("EI 1234");
        list.put(safe);
        Path source = TestDicom.write(list, dir.resolve("in.dcm"));

        deidentifier(profile, java.util.Set.of("retain-safe-private"))
                .deidentify(source, dir.resolve("on.dcm"), PSEUDONYM);
        defaults().deidentify(source, dir.resolve("off.dcm"), PSEUDONYM);

        AttributeList on = read(dir.resolve("on.dcm"));
        assertThat(Attribute.getSingleStringValueOrNull(on, new com.pixelmed.dicom.AttributeTag(0x0009, 0x1002)))
                .isEqualTo("EI 1234");
        assertThat(on.get(new com.pixelmed.dicom.AttributeTag(0x0009, 0x1001)))
                .as("the unlisted private element")
                .isNull();
        AttributeList off = read(dir.resolve("off.dcm"));
        assertThat(off.get(new com.pixelmed.dicom.AttributeTag(0x0009, 0x1002))).isNull();
        assertThat(off.get(new com.pixelmed.dicom.AttributeTag(0x0009, 0x0010))).isNull();
    }

    @Test
    void shouldQuarantineDeclaredOrLikelyBurnedInTextAndWriteNothing() throws Exception {
        AttributeList declared = TestDicom.radiograph("1.2.826.0.1.3680043.9.7777.7.5");
        declared.putNewAttribute(new com.pixelmed.dicom.AttributeTag(0x0028, 0x0301))
                .addValue("YES");
        AttributeList ultrasound =
                TestDicom.object("1.2.840.10008.5.1.4.1.1.6.1", "US", "1.2.826.0.1.3680043.9.7777.7.6", true);
        ultrasound.remove(new com.pixelmed.dicom.AttributeTag(0x0028, 0x0301));

        Deidentifier.Result a = defaults()
                .deidentify(TestDicom.write(declared, dir.resolve("a.dcm")), dir.resolve("a-out.dcm"), PSEUDONYM);
        Deidentifier.Result b = defaults()
                .deidentify(TestDicom.write(ultrasound, dir.resolve("b.dcm")), dir.resolve("b-out.dcm"), PSEUDONYM);

        assertThat(a.quarantined()).isTrue();
        assertThat(a.quarantineReason()).contains("Burned In Annotation is YES");
        assertThat(b.quarantined()).isTrue();
        assertThat(b.quarantineReason()).contains("absent on modality US");
        assertThat(dir.resolve("a-out.dcm")).doesNotExist();
        assertThat(dir.resolve("b-out.dcm")).doesNotExist();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"CR, 1.2.840.10008.5.1.4.1.1.1", "DX, 1.2.840.10008.5.1.4.1.1.1.1"})
    void shouldQuarantineARadiographThatDoesNotSayWhetherTextIsBurnedIn(String modality, String sopClass)
            throws Exception {
        AttributeList silent = TestDicom.object(sopClass, modality, "1.2.826.0.1.3680043.9.7777.7.9", true);
        silent.remove(new com.pixelmed.dicom.AttributeTag(0x0028, 0x0301));

        Deidentifier.Result result = defaults()
                .deidentify(TestDicom.write(silent, dir.resolve("in.dcm")), dir.resolve("out.dcm"), PSEUDONYM);

        assertThat(result.quarantined()).isTrue();
        assertThat(result.quarantineReason()).contains("Burned In Annotation is absent on modality " + modality);
        assertThat(dir.resolve("out.dcm")).doesNotExist();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"095Y, 090Y", "090Y, 090Y", "089Y, 089Y", "045Y, 045Y", "011M, 011M"})
    void shouldAggregateAgesOver89ButKeepTheOthers(String age, String expected) throws Exception {
        AttributeList list = TestDicom.radiograph("1.2.826.0.1.3680043.9.7777.7.10");
        list.get(TagFromName.PatientAge).setValue(age);

        Deidentifier.Result result =
                defaults().deidentify(TestDicom.write(list, dir.resolve("in.dcm")), dir.resolve("out.dcm"), PSEUDONYM);

        assertThat(Attribute.getSingleStringValueOrNull(read(dir.resolve("out.dcm")), TagFromName.PatientAge))
                .isEqualTo(expected);
        assertThat(result.header().patientAge()).isEqualTo(expected);
    }

    @Test
    void shouldKeepAGreatAgeOnlyWhereTheSiteTurnedAggregationOff() throws Exception {
        AttributeList list = TestDicom.radiograph("1.2.826.0.1.3680043.9.7777.7.11");
        list.get(TagFromName.PatientAge).setValue("097Y");
        var off = new Deidentifier(
                org.osteon.streams.deid.profile.DeidProfile.loadDefault(),
                java.util.Set.of("retain-patient-characteristics"),
                uid -> "2.25.1",
                patient -> SHIFT_DAYS,
                false);

        off.deidentify(TestDicom.write(list, dir.resolve("in.dcm")), dir.resolve("out.dcm"), PSEUDONYM);

        assertThat(Attribute.getSingleStringValueOrNull(read(dir.resolve("out.dcm")), TagFromName.PatientAge))
                .isEqualTo("097Y");
    }

    @Test
    void shouldMaskBurnedInTextWhereAMaskIsConfigured() throws Exception {
        var profile = shippedProfileWith("mask\tCR\t16x16\t0,0,16,4\ttop banner\n");
        AttributeList list = TestDicom.radiograph("1.2.826.0.1.3680043.9.7777.7.7");
        list.putNewAttribute(new com.pixelmed.dicom.AttributeTag(0x0028, 0x0301))
                .addValue("YES");
        Path source = TestDicom.write(list, dir.resolve("in.dcm"));

        Deidentifier.Result result =
                deidentifier(profile, java.util.Set.of()).deidentify(source, dir.resolve("out.dcm"), PSEUDONYM);

        assertThat(result.quarantined()).isFalse();
        AttributeList written = read(dir.resolve("out.dcm"));
        short[] pixels = written.get(TagFromName.PixelData).getShortValues();
        for (int i = 0; i < 16 * 4; i++) {
            assertThat(pixels[i]).as("masked pixel %d", i).isZero();
        }
        assertThat(pixels[16 * 4 + 1]).isNotZero();
        assertThat(Attribute.getSingleStringValueOrNull(written, new com.pixelmed.dicom.AttributeTag(0x0028, 0x0301)))
                .isEqualTo("NO");
        assertThat(result.audit()).anySatisfy(e -> assertThat(e.basis()).contains("pixel mask"));
    }

    @Test
    void shouldAuditWhatWasDoneButNeverAValue() throws Exception {
        Path source = TestDicom.writeRadiograph(dir.resolve("in.dcm"), "1.2.826.0.1.3680043.9.7777.7.8");

        Deidentifier.Result result = defaults().deidentify(source, dir.resolve("out.dcm"), PSEUDONYM);

        assertThat(result.audit()).anySatisfy(e -> {
            assertThat(e.path()).isEqualTo("(0008,0050)");
            assertThat(e.action()).isEqualTo(org.osteon.streams.deid.profile.Action.Z);
            assertThat(e.basis()).isEqualTo("basic Z");
        });
        assertThat(result.audit()).anySatisfy(e -> {
            assertThat(e.path()).isEqualTo("(0040,0275)");
            assertThat(e.action()).isEqualTo(org.osteon.streams.deid.profile.Action.X);
        });
        assertThat(result.audit()).anySatisfy(e -> {
            assertThat(e.path()).isEqualTo("(0010,1010)");
            assertThat(e.action()).isEqualTo(org.osteon.streams.deid.profile.Action.K);
            assertThat(e.basis()).isEqualTo("retain-patient-characteristics");
        });
        assertThat(result.audit()).anySatisfy(e -> assertThat(e.path()).isEqualTo("(0008,1140)[0]/(0008,1155)"));
        assertThat(result.audit()).anySatisfy(e -> assertThat(e.basis()).isEqualTo("private"));
        String everything = result.audit().toString();
        for (String phi : TestDicom.PLANTED_PHI) {
            assertThat(everything).doesNotContain(phi);
        }
    }

    @Test
    void shouldShiftTheDatesOfAnObjectWithoutPatientOrStudy() throws Exception {
        // Found by the fuzzer: the date shift was keyed on a study UID the object did not have.
        AttributeList list = TestDicom.radiograph("1.2.826.0.1.3680043.9.7777.7.9");
        list.remove(TagFromName.PatientID);
        list.remove(TagFromName.StudyInstanceUID);
        Path source = TestDicom.write(list, dir.resolve("in.dcm"));

        Deidentifier.Result result = new Deidentifier(
                        org.osteon.streams.deid.profile.DeidProfile.loadDefault(),
                        java.util.Set.of("retain-longitudinal-modified-dates"),
                        uid -> "2.25.1",
                        subject -> {
                            assertThat(subject).isEqualTo("1.2.826.0.1.3680043.9.7777.7.9");
                            return 7;
                        })
                .deidentify(source, dir.resolve("out.dcm"), PSEUDONYM);

        assertThat(result.dateShiftDays()).isEqualTo(7);
        assertThat(Attribute.getSingleStringValueOrNull(read(dir.resolve("out.dcm")), TagFromName.StudyDate))
                .isEqualTo("20190816");
    }
}
