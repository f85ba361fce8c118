package org.osteon.platform.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.pixelmed.dicom.TransferSyntax;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.osteon.testsupport.dicom.MalformedDicom;
import org.osteon.testsupport.dicom.TestDicom;

class DicomInputGuardTest {

    /**
     * What reading one rejected object may allocate on the reading thread, whatever its lengths say:
     * the guard's buffers and the exception, nothing in proportion to a declared length.
     */
    private static final long MAX_ALLOCATED_BYTES = 4L << 20;

    @TempDir
    static Path dir;

    @BeforeAll
    static void warmUp() throws Exception {
        // PixelMed's dictionary and the JIT allocate on first use; that must not count against a case.
        DicomObjects.readHeader(Files.write(dir.resolve("warm.dcm"), MalformedDicom.radiograph(dir)));
    }

    static Stream<MalformedDicom.Case> cases() throws Exception {
        return Stream.concat(
                MalformedDicom.cases(dir).stream(),
                Stream.of(MalformedDicom.deflateBomb(), MalformedDicom.deflateRatioBomb()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void shouldRejectBrokenObjectsWithAReasonBeforePixelMedAllocatesWhatTheyDeclare(MalformedDicom.Case broken)
            throws Exception {
        Path file = Files.write(dir.resolve("broken.dcm"), broken.bytes());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        UnreadableDicomException e =
                catchThrowableOfType(UnreadableDicomException.class, () -> DicomObjects.readHeader(file));

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(e).as("%s must be refused", broken.name()).isNotNull();
        assertThat(e.getMessage()).containsPattern(broken.reason());
        assertThat(allocated).as("bytes allocated reading %s", broken.name()).isLessThan(MAX_ALLOCATED_BYTES);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                TransferSyntax.ExplicitVRLittleEndian,
                TransferSyntax.ImplicitVRLittleEndian,
                TransferSyntax.ExplicitVRBigEndian,
                TransferSyntax.DeflatedExplicitVRLittleEndian
            })
    void shouldLetEveryUncompressedTransferSyntaxThrough(String transferSyntax) throws Exception {
        Path file = Files.write(dir.resolve("ts.dcm"), MalformedDicom.radiograph(dir, transferSyntax));

        DicomHeader header = DicomObjects.readHeader(file);

        assertThat(header.transferSyntaxUid()).isEqualTo(transferSyntax);
        assertThat(header.patientName()).isEqualTo(TestDicom.PATIENT_NAME);
        assertThat(header.rows()).isEqualTo(16);
    }

    @Test
    void shouldLetEverySampleThrough() throws Exception {
        List<Path> samples;
        try (Stream<Path> files = Files.walk(Path.of("..", "samples"))) {
            samples = files.filter(f -> f.toString().endsWith(".dcm")).toList();
        }
        assertThat(samples).hasSizeGreaterThan(10);
        for (Path sample : samples) {
            assertThatCode(() -> DicomInputGuard.check(sample, DicomLimits.DEFAULTS))
                    .as(sample.toString())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void shouldLetEncapsulatedPixelDataFragmentsThrough() throws Exception {
        byte[] valid = MalformedDicom.radiograph(dir);
        Path file = Files.write(dir.resolve("encapsulated.dcm"), encapsulated(valid, 0));

        assertThatCode(() -> DicomInputGuard.check(file, DicomLimits.DEFAULTS)).doesNotThrowAnyException();
    }

    @Test
    void shouldRejectAnUndefinedLengthFragment() throws Exception {
        Path file = Files.write(dir.resolve("fragment.dcm"), encapsulated(MalformedDicom.radiograph(dir), -1));

        assertThat(catchThrowableOfType(
                        UnreadableDicomException.class, () -> DicomInputGuard.check(file, DicomLimits.DEFAULTS)))
                .hasMessageContaining("of undefined length")
                .hasMessageContaining("where a fragment belongs");
    }

    @Test
    void shouldLocateTheNativePixelDataThatEndsEverySample() throws Exception {
        List<Path> samples;
        try (Stream<Path> files = Files.list(Path.of("..", "samples", "radiographs"))) {
            samples = files.filter(f -> f.toString().endsWith(".dcm")).toList();
        }
        assertThat(samples).hasSizeGreaterThan(10);
        for (Path sample : samples) {
            DicomHeader header = DicomObjects.readHeader(sample);
            NativePixelData pixels = DicomInputGuard.checkAndLocatePixelData(sample, DicomLimits.DEFAULTS)
                    .orElseThrow();

            assertThat(pixels.length()).isEqualTo(2L * header.rows() * header.columns());
            assertThat(pixels.valueAt() + pixels.length()).isEqualTo(Files.size(sample));
            assertThat(pixels.valueAt() - pixels.headerAt()).isEqualTo(12);
            assertThat(pixels.vr()).isEqualTo(Vr.OW);
        }
    }

    @Test
    void shouldLocateNoPixelDataToCopyWhenItIsEncapsulatedDeflatedOrFollowed() throws Exception {
        Path encapsulated =
                Files.write(dir.resolve("encapsulated-copy.dcm"), encapsulated(MalformedDicom.radiograph(dir), 0));
        com.pixelmed.dicom.AttributeList list = TestDicom.radiograph("1.2.826.0.1.3680043.9.7777.8.1");
        Path deflated = dir.resolve("deflated.dcm");
        com.pixelmed.dicom.FileMetaInformation.addFileMetaInformation(
                list, TransferSyntax.DeflatedExplicitVRLittleEndian, "TESTSCU");
        list.write(deflated.toFile(), TransferSyntax.DeflatedExplicitVRLittleEndian, true, true);
        com.pixelmed.dicom.AttributeList followed = TestDicom.radiograph("1.2.826.0.1.3680043.9.7777.8.2");
        followed.putNewAttribute(new com.pixelmed.dicom.AttributeTag(0xFFFC, 0xFFFC));
        Path padded = TestDicom.write(followed, dir.resolve("padded.dcm"));

        for (Path file : List.of(encapsulated, deflated, padded)) {
            assertThat(DicomInputGuard.checkAndLocatePixelData(file, DicomLimits.DEFAULTS))
                    .as(file.getFileName().toString())
                    .isEmpty();
        }
        assertThat(DicomInputGuard.checkAndLocatePixelData(
                        TestDicom.writeRadiograph(dir.resolve("plain.dcm"), "1.2.826.0.1.3680043.9.7777.8.3"),
                        DicomLimits.DEFAULTS))
                .isPresent();
    }

    @Test
    void shouldHonourSmallerLimits() throws Exception {
        Path file = Files.write(dir.resolve("small.dcm"), MalformedDicom.radiograph(dir));
        DicomLimits tight = new DicomLimits(1 << 20, 256, 64, 1, 100_000, 100);

        assertThat(catchThrowableOfType(UnreadableDicomException.class, () -> DicomInputGuard.check(file, tight)))
                .hasMessageContaining("more than the 256 allowed for one value");
    }

    /** The radiograph with its native pixel data replaced by an offset table and one fragment of length {@code last}. */
    private static byte[] encapsulated(byte[] valid, int last) {
        int pixels = MalformedDicom.find(valid, 0x7FE0, 0x0010, "OW");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(valid, 0, pixels);
        out.writeBytes(MalformedDicom.le(
                12,
                b -> b.putShort((short) 0x7FE0)
                        .putShort((short) 0x0010)
                        .put((byte) 'O')
                        .put((byte) 'B')
                        .putShort((short) 0)
                        .putInt(-1)));
        out.writeBytes(MalformedDicom.le(
                8, b -> b.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(0)));
        out.writeBytes(MalformedDicom.le(
                8, b -> b.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(last == 0 ? 4 : last)));
        if (last == 0) {
            out.writeBytes(new byte[] {1, 2, 3, 4});
        }
        out.writeBytes(MalformedDicom.le(
                8, b -> b.putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0)));
        return out.toByteArray();
    }
}
