package org.osteon.platform.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.testsupport.dicom.TestDicom;

class DicomObjectsTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadPersonNamesWithIdeographicAndPhoneticGroups() throws Exception {
        Path file = TestDicom.writeRadiograph(dir.resolve("pn.dcm"), "1.2.3.4.5");

        DicomHeader header = DicomObjects.readHeader(file);

        assertThat(header.patientName()).isEqualTo(TestDicom.PATIENT_NAME);
        assertThat(header.studyInstanceUid()).isEqualTo(TestDicom.STUDY_UID);
        assertThat(header.patientId()).isEqualTo("PID-90210-X");
    }

    @Test
    void shouldReadOddLengthValuesNestedSequencesAndPrivateTagsWrittenByHand() throws Exception {
        // Hand-written explicit VR little endian, with odd value lengths that a careless writer emits
        // and a private block and a nested sequence of undefined length.
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        element(body, 0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.1");
        element(body, 0x0008, 0x0018, "UI", "1.2.3.4.5.6.7");
        element(body, 0x0008, 0x0060, "CS", "CR");
        element(body, 0x0009, 0x0010, "LO", "ODD CREATOR");
        element(body, 0x0009, 0x1001, "LO", "odd");
        element(body, 0x0010, 0x0010, "PN", "Odd^Name");
        element(body, 0x0010, 0x1010, "AS", "006M");
        element(body, 0x0020, 0x000D, "UI", "1.2.3.4");
        element(body, 0x0020, 0x000E, "UI", "1.2.3.4.5");
        sequenceStart(body, 0x0040, 0x0275);
        body.write(le(
                new byte[8],
                b -> b.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(-1)));
        element(body, 0x0040, 0x1001, "SH", "RQ1");
        body.write(le(
                new byte[8],
                b -> b.putShort((short) 0xFFFE).putShort((short) 0xE00D).putInt(0)));
        body.write(le(
                new byte[8],
                b -> b.putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0)));
        Path file = dir.resolve("odd.dcm");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[128]);
        out.write("DICM".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        element(meta, 0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1");
        element(out, 0x0002, 0x0000, "UL", null, le(new byte[4], b -> b.putInt(meta.size())));
        out.write(meta.toByteArray());
        out.write(body.toByteArray());
        Files.write(file, out.toByteArray());

        DicomHeader header = DicomObjects.readHeader(file);

        assertThat(header.sopInstanceUid()).isEqualTo("1.2.3.4.5.6.7");
        assertThat(header.patientName()).isEqualTo("Odd^Name");
        assertThat(header.patientAge()).isEqualTo("006M");
        assertThat(header.hasPixelData()).isFalse();
    }

    @Test
    void shouldRefuseBytesThatAreNotDicom() throws Exception {
        Path file = Files.writeString(dir.resolve("garbage.dcm"), "this is not a DICOM object at all");

        assertThatThrownBy(() -> DicomObjects.readHeader(file)).isInstanceOf(UnreadableDicomException.class);
    }

    private static void element(ByteArrayOutputStream out, int group, int element, String vr, String value)
            throws Exception {
        element(out, group, element, vr, value, null);
    }

    /** Writes one element with the value's natural (possibly odd) length: no padding, on purpose. */
    private static void element(ByteArrayOutputStream out, int group, int element, String vr, String value, byte[] raw)
            throws Exception {
        byte[] bytes = raw != null ? raw : value.getBytes(StandardCharsets.UTF_8);
        out.write(le(new byte[4], b -> b.putShort((short) group).putShort((short) element)));
        out.write(vr.getBytes(StandardCharsets.US_ASCII));
        out.write(le(new byte[2], b -> b.putShort((short) bytes.length)));
        out.write(bytes);
    }

    private static void sequenceStart(ByteArrayOutputStream out, int group, int element) throws Exception {
        out.write(le(new byte[4], b -> b.putShort((short) group).putShort((short) element)));
        out.write("SQ".getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[2]);
        out.write(le(new byte[4], b -> b.putInt(-1)));
    }

    private static byte[] le(byte[] bytes, java.util.function.Consumer<ByteBuffer> fill) {
        fill.accept(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        return bytes;
    }
}
