package org.osteon.scoring.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pixelmed.dicom.AgeStringAttribute;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DICOM test objects are written with PixelMed here; only test code outside {@code dicom} may not use it. */
class DicomReaderTest {

    @TempDir
    Path dir;

    private static void put(AttributeList list, Attribute a, String... values) throws Exception {
        for (String v : values) {
            a.addValue(v);
        }
        list.put(a);
    }

    private static AttributeList image(
            int rows, int cols, int bitsAllocated, int bitsStored, int signed, String photometric) throws Exception {
        AttributeList list = new AttributeList();
        put(
                list,
                new UniqueIdentifierAttribute(TagFromName.SOPClassUID),
                SOPClass.DigitalXRayImageStorageForPresentation);
        put(list, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), "1.2.3.4.5");
        put(list, new UnsignedShortAttribute(TagFromName.Rows), Integer.toString(rows));
        put(list, new UnsignedShortAttribute(TagFromName.Columns), Integer.toString(cols));
        put(list, new UnsignedShortAttribute(TagFromName.SamplesPerPixel), "1");
        put(list, new UnsignedShortAttribute(TagFromName.BitsAllocated), Integer.toString(bitsAllocated));
        put(list, new UnsignedShortAttribute(TagFromName.BitsStored), Integer.toString(bitsStored));
        put(list, new UnsignedShortAttribute(TagFromName.HighBit), Integer.toString(bitsStored - 1));
        put(list, new UnsignedShortAttribute(TagFromName.PixelRepresentation), Integer.toString(signed));
        put(list, new CodeStringAttribute(TagFromName.PhotometricInterpretation), photometric);
        return list;
    }

    private Path write(AttributeList list) throws Exception {
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "OSTEON");
        Path file = dir.resolve("img.dcm");
        list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        return file;
    }

    @Test
    void shouldSignExtendSignedPixelsFromBitsStoredAndReadFirstWindowAndRescaleValues() throws Exception {
        AttributeList list = image(1, 3, 16, 12, 1, "MONOCHROME1");
        OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
        // 12-bit two's complement: 0xFFF is -1, 0x800 is -2048, 0x7FF is 2047.
        pixels.setValues(new short[] {0x0FFF, 0x0800, 0x07FF});
        list.put(pixels);
        put(list, new DecimalStringAttribute(TagFromName.WindowCenter), "40", "400");
        put(list, new DecimalStringAttribute(TagFromName.WindowWidth), "350", "2000");
        put(list, new DecimalStringAttribute(TagFromName.RescaleSlope), "2");
        put(list, new DecimalStringAttribute(TagFromName.RescaleIntercept), "-1024");
        put(list, new AgeStringAttribute(TagFromName.PatientAge), "034Y");
        put(list, new CodeStringAttribute(TagFromName.PatientSex), "F");

        StoredImage image = new DicomReader().read(write(list));

        assertThat(image.rows()).isEqualTo(1);
        assertThat(image.columns()).isEqualTo(3);
        assertThat(image.stored()).containsExactly(-1, -2048, 2047);
        assertThat(image.windowCenter()).hasValue(40);
        assertThat(image.windowWidth()).hasValue(350);
        assertThat(image.rescaleSlope()).hasValue(2);
        assertThat(image.rescaleIntercept()).hasValue(-1024);
        assertThat(image.photometric()).isEqualTo("MONOCHROME1");
        assertThat(image.patientAgeYears()).isEqualTo(34);
        assertThat(image.patientSex()).isEqualTo("F");
    }

    @Test
    void shouldReadUnsignedWordsAbove32767AsPositive() throws Exception {
        AttributeList list = image(1, 2, 16, 16, 0, "MONOCHROME2");
        OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
        pixels.setValues(new short[] {(short) 0xFFFF, 0x0001});
        list.put(pixels);
        StoredImage image = new DicomReader().read(write(list));
        assertThat(image.stored()).containsExactly(65535, 1);
        assertThat(image.windowCenter()).isEmpty();
        assertThat(image.rescaleSlope()).isEmpty();
        assertThat(image.patientAgeYears()).isNull();
    }

    @Test
    void shouldReadEightBitPixels() throws Exception {
        AttributeList list = image(2, 2, 8, 8, 0, "MONOCHROME2");
        OtherByteAttribute pixels = new OtherByteAttribute(TagFromName.PixelData);
        pixels.setValues(new byte[] {0, 1, (byte) 200, (byte) 255});
        list.put(pixels);
        assertThat(new DicomReader().read(write(list)).stored()).containsExactly(0, 1, 200, 255);
    }

    @Test
    void shouldRefuseColourImages() throws Exception {
        AttributeList list = image(1, 1, 8, 8, 0, "RGB");
        list.remove(TagFromName.SamplesPerPixel);
        put(list, new UnsignedShortAttribute(TagFromName.SamplesPerPixel), "3");
        OtherByteAttribute pixels = new OtherByteAttribute(TagFromName.PixelData);
        pixels.setValues(new byte[] {1, 2, 3, 0});
        list.put(pixels);
        assertThatThrownBy(() -> new DicomReader().read(write(list)))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining("one sample per pixel");
    }

    @Test
    void shouldRefuseAnObjectWithoutPixelData() throws Exception {
        AttributeList list = image(2, 2, 16, 12, 0, "MONOCHROME2");
        assertThatThrownBy(() -> new DicomReader().read(write(list)))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining("no pixel data");
    }

    @Test
    void shouldTurnAgeStringsIntoWholeYears() {
        assertThat(DicomReader.ageYears("034Y")).isEqualTo(34);
        assertThat(DicomReader.ageYears("018M")).isEqualTo(1);
        assertThat(DicomReader.ageYears("010W")).isEqualTo(0);
        assertThat(DicomReader.ageYears("400D")).isEqualTo(1);
        assertThat(DicomReader.ageYears("")).isNull();
        assertThat(DicomReader.ageYears("abcY")).isNull();
    }

    @Test
    void shouldReportAMissingObjectAsUnreadable() {
        assertThatThrownBy(() -> new DicomReader().read(dir.resolve("nope.dcm")))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining("not found");
    }
}
