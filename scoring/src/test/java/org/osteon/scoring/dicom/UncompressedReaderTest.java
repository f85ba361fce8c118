package org.osteon.scoring.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.ShortStringAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.osteon.scoring.TestModels;

/**
 * The fast path must read exactly what PixelMed reads, and hand every object it is not sure of back to
 * PixelMed. Every committed radiograph (samples and golden cases) is compared whole, pixel for pixel.
 */
class UncompressedReaderTest {

    @TempDir
    Path dir;

    static Stream<Path> committedRadiographs() throws Exception {
        List<Path> files = new ArrayList<>();
        for (Path folder : List.of(Path.of("../samples/radiographs"), TestModels.goldenDir())) {
            try (Stream<Path> s = Files.list(folder)) {
                s.filter(p -> p.toString().endsWith(".dcm")).sorted().forEach(files::add);
            }
        }
        assertThat(files).hasSizeGreaterThan(10);
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("committedRadiographs")
    void shouldReadEveryCommittedRadiographExactlyAsPixelMedDoes(Path file) throws Exception {
        ImageAttributes fast = UncompressedReader.parse(Files.readAllBytes(file));
        assertThat(fast).as("fast path taken for %s", file).isNotNull();
        assertSame(fast.toImage(), new DicomReader().readWithPixelMed(file));
    }

    @Test
    void shouldWalkPastNestedSequencesOfUndefinedLengthInBothLittleEndianSyntaxes() throws Exception {
        for (String syntax : List.of(TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian)) {
            AttributeList list = image();
            // Two levels of sequences ahead of the attributes we need; PixelMed writes undefined lengths.
            SequenceAttribute outer = new SequenceAttribute(TagFromName.ReferencedImageSequence);
            AttributeList item = new AttributeList();
            put(item, new UniqueIdentifierAttribute(TagFromName.ReferencedSOPInstanceUID), "1.2.3");
            SequenceAttribute inner = new SequenceAttribute(TagFromName.PurposeOfReferenceCodeSequence);
            AttributeList code = new AttributeList();
            put(code, new ShortStringAttribute(TagFromName.CodeValue), "121311");
            put(code, new UnsignedShortAttribute(TagFromName.Rows), "9"); // a nested Rows must not count
            inner.addItem(new SequenceItem(code));
            item.put(inner);
            outer.addItem(new SequenceItem(item));
            outer.addItem(new SequenceItem(new AttributeList()));
            list.put(outer);
            Path file = write(list, syntax);

            ImageAttributes fast = UncompressedReader.parse(Files.readAllBytes(file));

            assertThat(fast).as(syntax).isNotNull();
            StoredImage image = fast.toImage();
            assertThat(image.rows()).isEqualTo(2);
            assertThat(image.stored()).containsExactly(-1, 5, 2047, -2048);
            assertThat(image.windowCenter()).hasValue(40);
            assertThat(image.rescaleSlope()).hasValue(2.5);
            assertSame(image, new DicomReader().readWithPixelMed(file));
        }
    }

    @Test
    void shouldLeaveOtherSyntaxesAndAnythingOddToPixelMed() throws Exception {
        Path explicit = write(image(), TransferSyntax.ExplicitVRLittleEndian);
        byte[] good = Files.readAllBytes(explicit);
        assertThat(UncompressedReader.parse(good)).isNotNull();

        Path bigEndian = write(image(), TransferSyntax.ExplicitVRBigEndian);
        assertThat(UncompressedReader.parse(Files.readAllBytes(bigEndian))).isNull();
        // ... and the reader still reads it, through PixelMed.
        assertSame(new DicomReader().read(bigEndian), new DicomReader().read(explicit));

        byte[] rle = replace(good, UncompressedReader.EXPLICIT_VR_LITTLE_ENDIAN, "1.2.840.10008.1.2.5");
        assertThat(UncompressedReader.parse(rle)).as("RLE Lossless").isNull();

        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
        assertThat(UncompressedReader.parse(truncated))
                .as("pixel data past the end")
                .isNull();

        byte[] notDicom = java.util.Arrays.copyOf(good, good.length);
        notDicom[128] = 'X';
        assertThat(UncompressedReader.parse(notDicom)).isNull();

        AttributeList hexWindow = image();
        hexWindow.remove(TagFromName.WindowCenter);
        put(hexWindow, new DecimalStringAttribute(TagFromName.WindowCenter), "0x1p3");
        assertThat(UncompressedReader.parse(
                        Files.readAllBytes(write(hexWindow, TransferSyntax.ExplicitVRLittleEndian))))
                .as("not a Decimal String")
                .isNull();
    }

    @Test
    void shouldReportMissingPixelDataLikePixelMed() throws Exception {
        AttributeList list = image();
        list.remove(TagFromName.PixelData);
        ImageAttributes fast =
                UncompressedReader.parse(Files.readAllBytes(write(list, TransferSyntax.ExplicitVRLittleEndian)));
        assertThat(fast).isNotNull();
        assertThat(fast.pixels()).isNull();
    }

    private static void assertSame(StoredImage a, StoredImage b) {
        assertThat(a.rows()).isEqualTo(b.rows());
        assertThat(a.columns()).isEqualTo(b.columns());
        // Arrays.equals, not containsExactly: a full-size radiograph has millions of values.
        assertThat(java.util.Arrays.equals(a.stored(), b.stored()))
                .as("same stored values")
                .isTrue();
        assertThat(a.rescaleSlope()).isEqualTo(b.rescaleSlope());
        assertThat(a.rescaleIntercept()).isEqualTo(b.rescaleIntercept());
        assertThat(a.windowCenter()).isEqualTo(b.windowCenter());
        assertThat(a.windowWidth()).isEqualTo(b.windowWidth());
        assertThat(a.photometric()).isEqualTo(b.photometric());
        assertThat(a.patientAgeYears()).isEqualTo(b.patientAgeYears());
        assertThat(a.patientSex()).isEqualTo(b.patientSex());
    }

    private static AttributeList image() throws Exception {
        AttributeList list = new AttributeList();
        put(
                list,
                new UniqueIdentifierAttribute(TagFromName.SOPClassUID),
                SOPClass.DigitalXRayImageStorageForPresentation);
        put(list, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), "1.2.3.4.5");
        put(list, new UnsignedShortAttribute(TagFromName.Rows), "2");
        put(list, new UnsignedShortAttribute(TagFromName.Columns), "2");
        put(list, new UnsignedShortAttribute(TagFromName.SamplesPerPixel), "1");
        put(list, new UnsignedShortAttribute(TagFromName.BitsAllocated), "16");
        put(list, new UnsignedShortAttribute(TagFromName.BitsStored), "12");
        put(list, new UnsignedShortAttribute(TagFromName.HighBit), "11");
        put(list, new UnsignedShortAttribute(TagFromName.PixelRepresentation), "1");
        put(list, new CodeStringAttribute(TagFromName.PhotometricInterpretation), "MONOCHROME1");
        put(list, new DecimalStringAttribute(TagFromName.WindowCenter), "40", "400");
        put(list, new DecimalStringAttribute(TagFromName.WindowWidth), "350", "2000");
        put(list, new DecimalStringAttribute(TagFromName.RescaleSlope), "2.5");
        put(list, new DecimalStringAttribute(TagFromName.RescaleIntercept), "-1024");
        put(list, new CodeStringAttribute(TagFromName.PatientSex), "O");
        OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
        pixels.setValues(new short[] {0x0FFF, 0x0005, 0x07FF, 0x0800});
        list.put(pixels);
        return list;
    }

    private static void put(AttributeList list, Attribute a, String... values) throws Exception {
        for (String v : values) {
            a.addValue(v);
        }
        list.put(a);
    }

    private Path write(AttributeList list, String syntax) throws Exception {
        list.remove(TagFromName.TransferSyntaxUID);
        FileMetaInformation.addFileMetaInformation(list, syntax, "OSTEON");
        Path file = Files.createTempFile(dir, "img", ".dcm");
        list.write(file.toFile(), syntax, true, true);
        return file;
    }

    private static byte[] replace(byte[] bytes, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.US_ASCII);
        byte[] t = to.getBytes(StandardCharsets.US_ASCII);
        assertThat(t).hasSameSizeAs(f);
        byte[] out = bytes.clone();
        for (int i = 0; i + f.length <= out.length; i++) {
            if (java.util.Arrays.equals(out, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, out, i, t.length);
                return out;
            }
        }
        throw new AssertionError(from + " not found");
    }
}
