package org.osteon.streams.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeidentifierTest {

    private static final String PSEUDONYM = "abcdefghijklmnopqrstuvwxyz234567";

    @TempDir
    Path dir;

    private DicomHeader deidentify(Path source, Path target) throws Exception {
        return Deidentifier.deidentify(source, target, uid -> "2.25." + Integer.toUnsignedString(uid.hashCode()), PSEUDONYM);
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
        assertThat(Attribute.getSingleStringValueOrNull(written, TagFromName.PatientIdentityRemoved)).isEqualTo("YES");
        assertThat(Attribute.getSingleStringValueOrNull(written, TagFromName.PatientName)).isEqualTo(PSEUDONYM);
        assertThat(Attribute.getSingleStringValueOrNull(written, TagFromName.PatientID)).isEqualTo(PSEUDONYM);
        assertThat(Attribute.getSingleStringValueOrNull(written, TagFromName.DeidentificationMethod)).isNotBlank();
        assertThat(written.get(TagFromName.DeidentificationMethodCodeSequence)).isNotNull();
        assertThat(Attribute.getSingleStringValueOrNull(written, TagFromName.StudyDescription)).isEqualTo("XR FEMUR LEFT");
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
        assertThat(sequence).as("Referenced Image Sequence is kept, with its UIDs replaced").isNotNull();
        AttributeList item = sequence.getItem(0).getAttributeList();
        String expected = "2.25." + Integer.toUnsignedString(TestDicom.REFERENCED_IMAGE_UID.hashCode());
        assertThat(Attribute.getSingleStringValueOrNull(item, TagFromName.ReferencedSOPInstanceUID)).isEqualTo(expected);
        assertThat(Attribute.getSingleStringValueOrNull(item, TagFromName.ReferencedSOPClassUID)).isEqualTo(TestDicom.CR);
    }

    @Test
    void shouldWriteValuesThatDciodvfyAcceptsForTheirVr() throws Exception {
        Path dciodvfy = Path.of("/usr/bin/dciodvfy");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(dciodvfy), "dicom3tools not installed");
        Path source = TestDicom.writeRadiograph(dir.resolve("in.dcm"), "1.2.826.0.1.3680043.9.7777.6.1");
        Path target = dir.resolve("out.dcm");
        deidentify(source, target);

        Process process = new ProcessBuilder(dciodvfy.toString(), target.toString()).redirectErrorStream(true).start();
        String report = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();

        assertThat(report).as(report).doesNotContain("Value invalid for this VR")
                .doesNotContain("Element=<StudyDate>").doesNotContain("Element=<AccessionNumber>")
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
}
