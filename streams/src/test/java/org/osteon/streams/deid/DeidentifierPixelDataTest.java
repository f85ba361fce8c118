package org.osteon.streams.deid;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.osteon.platform.dicom.DicomObjects;
import org.osteon.streams.deid.profile.DeidProfile;
import org.osteon.testsupport.dicom.TestDicom;

/**
 * De-identification copies native pixel data from the stored file byte for byte instead of decoding it into
 * PixelMed's arrays and encoding it again. These tests hold the two ways side by side: the same input gives
 * the same file, byte for byte, the same header and the same audit, and the pixel data is the input's.
 */
class DeidentifierPixelDataTest {

    private static final Path SAMPLES = Path.of("..", "samples", "radiographs");
    private static final String PSEUDONYM = "abcdefghijklmnopqrstuvwxyz234567";
    private static final Set<String> OPTIONS =
            Set.of("retain-patient-characteristics", "retain-longitudinal-modified-dates", "clean-descriptors");

    @TempDir
    Path dir;

    static Stream<Path> samples() throws Exception {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            List<Path> dcm =
                    files.filter(f -> f.toString().endsWith(".dcm")).sorted().toList();
            assertThat(dcm).hasSizeGreaterThan(10);
            return dcm.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void shouldWriteEverySampleRadiographAsDecodingItWould(Path sample) throws Exception {
        Path copied = sameBothWays(sample);

        assertThat(pixelBytes(copied)).isEqualTo(pixelBytes(sample));
    }

    @Test
    void shouldWriteAFullSizeRadiographAsDecodingItWould() throws Exception {
        AttributeList list = read(samples().findFirst().orElseThrow());
        int rows = 2560;
        int columns = 2048;
        short[] values = new short[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = (short) ((i * 7919) & 0xFFFF);
        }
        setPixels(list, rows, columns, values);
        Path source = write(list, TransferSyntax.ExplicitVRLittleEndian, "full-size.dcm");
        assertThat(Files.size(source)).isGreaterThan(10_000_000L);

        Path copied = sameBothWays(source);

        assertThat(pixelBytes(copied)).isEqualTo(pixelBytes(source));
        assertThat(Files.size(copied) - 2L * rows * columns).as("header bytes").isLessThan(4096);
    }

    @Test
    void shouldGiveSixteenBitPixelsReadInImplicitVrTheVrPixelMedGivesThem() throws Exception {
        AttributeList list = read(samples().findFirst().orElseThrow());
        Path source = write(list, TransferSyntax.ImplicitVRLittleEndian, "implicit16.dcm");

        Path copied = sameBothWays(source);

        assertThat(read(copied).get(TagFromName.PixelData)).isInstanceOf(OtherWordAttribute.class);
        assertThat(pixelBytes(copied)).isEqualTo(pixelBytes(source));
    }

    @Test
    void shouldGiveEightBitPixelsReadInImplicitVrTheVrPixelMedGivesThem() throws Exception {
        Path source = write(eightBit(), TransferSyntax.ImplicitVRLittleEndian, "implicit8.dcm");

        Path copied = sameBothWays(source);

        assertThat(read(copied).get(TagFromName.PixelData)).isInstanceOf(OtherByteAttribute.class);
        assertThat(pixelBytes(copied)).isEqualTo(pixelBytes(source));
    }

    @Test
    void shouldCopyEightBitPixelsSentAsOb() throws Exception {
        Path source = write(eightBit(), TransferSyntax.ExplicitVRLittleEndian, "explicit8.dcm");

        Path copied = sameBothWays(source);

        assertThat(pixelBytes(copied)).isEqualTo(pixelBytes(source));
    }

    @Test
    void shouldStopReadingTheHeaderAtTheTopLevelPixelDataNotAnIconsPixelData() throws Exception {
        AttributeList list = TestDicom.radiograph("1.2.826.0.1.3680043.9.7777.9.1");
        AttributeList icon = new AttributeList();
        TestDicom.addPixels(icon, 4, 4);
        SequenceAttribute icons = new SequenceAttribute(TagFromName.IconImageSequence);
        icons.addItem(icon);
        list.put(icons);
        // Kept by the profile, and after the icon: a header read that stopped in the icon would lose it.
        list.putNewAttribute(TagFromName.PresentationLUTShape).addValue("IDENTITY");
        Path source = write(list, TransferSyntax.ExplicitVRLittleEndian, "icon.dcm");

        Path copied = sameBothWays(source);

        assertThat(Attribute.getSingleStringValueOrNull(read(copied), TagFromName.PresentationLUTShape))
                .isEqualTo("IDENTITY");
        assertThat(pixelBytes(copied)).isEqualTo(pixelBytes(source));
    }

    @Test
    void shouldStillDeidentifyWhatFollowsThePixelData() throws Exception {
        AttributeList list = TestDicom.radiograph("1.2.826.0.1.3680043.9.7777.9.2");
        LongStringAttribute creator = new LongStringAttribute(new AttributeTag(0x7FE1, 0x0010));
        creator.addValue("ACME AFTER PIXELS");
        list.put(creator);
        LongStringAttribute secret = new LongStringAttribute(new AttributeTag(0x7FE1, 0x1001));
        secret.addValue("PHI-AFTER-THE-PIXELS");
        list.put(secret);
        Path source = write(list, TransferSyntax.ExplicitVRLittleEndian, "after.dcm");
        Path copied = sameBothWays(source, false);

        assertThat(new String(Files.readAllBytes(copied), StandardCharsets.ISO_8859_1))
                .doesNotContain("PHI-AFTER-THE-PIXELS")
                .doesNotContain("ACME AFTER PIXELS");
        assertThat(pixelBytes(copied)).isEqualTo(pixelBytes(source));
    }

    @Test
    void shouldMaskBurnedInTextAsDecodingWould() throws Exception {
        DeidProfile profile = DeidProfile.parse(
                new String(
                                DeidProfile.class
                                        .getResourceAsStream(DeidProfile.DEFAULT_RESOURCE)
                                        .readAllBytes(),
                                StandardCharsets.UTF_8)
                        + "mask\tCR\t16x16\t0,0,16,4\ttop banner\n",
                "test");
        AttributeList list = TestDicom.radiograph("1.2.826.0.1.3680043.9.7777.9.3");
        list.putNewAttribute(new AttributeTag(0x0028, 0x0301)).addValue("YES");
        Path source = write(list, TransferSyntax.ExplicitVRLittleEndian, "masked.dcm");

        Path copied = sameBothWays(profile, source, true);

        short[] pixels = read(copied).get(TagFromName.PixelData).getShortValues();
        assertThat(pixels[0]).isZero();
        assertThat(pixels[16 * 4 + 1]).isNotZero();
    }

    /**
     * De-identifies {@code source} copying its pixel data and decoding it; asserts that both give the same
     * file, header and audit; returns the copied one.
     */
    private Path sameBothWays(Path source) throws Exception {
        return sameBothWays(DeidProfile.loadDefault(), source, true);
    }

    private Path sameBothWays(Path source, boolean copyable) throws Exception {
        return sameBothWays(DeidProfile.loadDefault(), source, copyable);
    }

    private Path sameBothWays(DeidProfile profile, Path source, boolean copyable) throws Exception {
        assertThat(DicomObjects.readLeavingPixelData(source).pixelData().isPresent())
                .as("pixel data left in the file to be copied")
                .isEqualTo(copyable);
        Path copied = dir.resolve("copied").resolve(source.getFileName());
        Path decoded = dir.resolve("decoded").resolve(source.getFileName());

        Deidentifier.Result byCopy = deidentifier(profile, true).deidentify(source, copied, PSEUDONYM);
        Deidentifier.Result byDecoding = deidentifier(profile, false).deidentify(source, decoded, PSEUDONYM);

        assertThat(byCopy.quarantined()).isFalse();
        assertThat(Files.mismatch(copied, decoded))
                .as("first byte at which the copied and the decoded output differ")
                .isEqualTo(-1L);
        assertThat(byCopy).isEqualTo(byDecoding);
        assertThat(byCopy.header().hasPixelData()).isTrue();
        return copied;
    }

    private static Deidentifier deidentifier(DeidProfile profile, boolean copyPixelData) {
        return new Deidentifier(
                profile,
                OPTIONS,
                uid -> "2.25." + Integer.toUnsignedString(uid.hashCode()),
                patient -> 100,
                true,
                copyPixelData);
    }

    /** The pixel data's value as PixelMed decodes it, in little endian bytes. */
    private static byte[] pixelBytes(Path file) throws Exception {
        Attribute pixels = read(file).get(TagFromName.PixelData);
        if (pixels instanceof OtherWordAttribute) {
            short[] values = pixels.getShortValues();
            ByteBuffer bytes = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asShortBuffer().put(values);
            return bytes.array();
        }
        return pixels.getByteValues();
    }

    private static AttributeList read(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toFile());
        return list;
    }

    private static AttributeList eightBit() throws Exception {
        AttributeList list = TestDicom.radiograph("1.2.826.0.1.3680043.9.7777.9.4");
        TestDicom.addPixels(list, 16, 16);
        list.get(TagFromName.BitsAllocated).setValue(8);
        list.get(TagFromName.BitsStored).setValue(8);
        list.get(TagFromName.HighBit).setValue(7);
        byte[] values = new byte[16 * 16];
        for (int i = 0; i < values.length; i++) {
            values[i] = (byte) (i * 13);
        }
        OtherByteAttribute pixels = new OtherByteAttribute(TagFromName.PixelData);
        pixels.setValues(values);
        list.put(pixels);
        return list;
    }

    private static void setPixels(AttributeList list, int rows, int columns, short[] values) throws Exception {
        list.get(TagFromName.Rows).setValue(rows);
        list.get(TagFromName.Columns).setValue(columns);
        OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
        pixels.setValues(values);
        list.put(pixels);
    }

    private Path write(AttributeList list, String transferSyntax, String name) throws Exception {
        list.removeGroupLengthAttributes();
        list.removeMetaInformationHeaderAttributes();
        FileMetaInformation.addFileMetaInformation(list, transferSyntax, "TESTSCU");
        Path file = dir.resolve(name);
        list.write(file.toFile(), transferSyntax, true, true);
        return file;
    }
}
