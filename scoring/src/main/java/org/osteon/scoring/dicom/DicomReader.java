package org.osteon.scoring.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Reads the first frame of a DICOM object into a {@link StoredImage}. With {@link UncompressedReader},
 * the only classes in scoring that know the DICOM encoding, so the library can be swapped without
 * touching preprocessing.
 *
 * <p>Uncompressed little-endian objects, which is what the gateway's de-identifier writes, are read by
 * {@link UncompressedReader} straight from the file's bytes: PixelMed's full parse costs about as much
 * CPU per image as preprocessing does (docs/scoring.md). Anything that reader does not handle (compressed
 * or big-endian syntaxes, odd structure) goes through PixelMed, from the same bytes, which also words
 * the errors.
 */
public final class DicomReader {

    public StoredImage read(Path file) throws UnreadableImageException {
        if (!Files.isRegularFile(file)) {
            throw new UnreadableImageException("object not found: " + file);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | OutOfMemoryError e) {
            throw new UnreadableImageException("cannot read " + file.getFileName() + ": " + e, e);
        }
        ImageAttributes fast = UncompressedReader.parse(bytes);
        return fast != null ? fast.toImage() : readWithPixelMed(bytes, file.getFileName());
    }

    /** The general path; package-private so tests can hold the fast path to it. */
    StoredImage readWithPixelMed(Path file) throws UnreadableImageException, IOException {
        return readWithPixelMed(Files.readAllBytes(file), file.getFileName());
    }

    private StoredImage readWithPixelMed(byte[] bytes, Path name) throws UnreadableImageException {
        AttributeList list = new AttributeList();
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(bytes))) {
            list.read(in);
        } catch (IOException | DicomException | RuntimeException e) {
            throw new UnreadableImageException("not a readable DICOM object: " + name + ": " + e, e);
        }
        try {
            return attributes(list).toImage();
        } catch (DicomException e) {
            throw new UnreadableImageException("cannot read pixel data of " + name + ": " + e, e);
        }
    }

    private static ImageAttributes attributes(AttributeList list) throws DicomException {
        int bitsAllocated = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 16);
        Attribute pixelData = list.getPixelData();
        ImageAttributes.PixelValues pixels = pixelData == null ? null : pixelValues(pixelData, bitsAllocated);
        return new ImageAttributes(
                Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0),
                Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0),
                Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SamplesPerPixel, 1),
                bitsAllocated,
                Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsStored, bitsAllocated),
                Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PixelRepresentation, 0) == 1,
                Attribute.getSingleStringValueOrDefault(list, TagFromName.PhotometricInterpretation, "MONOCHROME2")
                        .trim()
                        .toUpperCase(Locale.ROOT),
                first(list, TagFromName.RescaleSlope),
                first(list, TagFromName.RescaleIntercept),
                first(list, TagFromName.WindowCenter),
                first(list, TagFromName.WindowWidth),
                Attribute.getSingleStringValueOrNull(list, TagFromName.PatientAge),
                Attribute.getSingleStringValueOrNull(list, TagFromName.PatientSex),
                pixels);
    }

    private static ImageAttributes.PixelValues pixelValues(Attribute pixelData, int bitsAllocated)
            throws DicomException {
        return switch (bitsAllocated) {
            case 8 -> new ImageAttributes.Decoded(pixelData.getByteValues(), null);
            case 16 -> new ImageAttributes.Decoded(null, pixelData.getShortValues());
            default -> new ImageAttributes.Decoded(new byte[0], new short[0]); // toImage refuses the depth
        };
    }

    private static OptionalDouble first(AttributeList list, AttributeTag tag) throws DicomException {
        Attribute a = list.get(tag);
        if (a == null || a.getVM() == 0) {
            return OptionalDouble.empty();
        }
        double[] values = a.getDoubleValues();
        return values.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(values[0]);
    }

    /** Age String (AS): nnnD, nnnW, nnnM or nnnY; anything under a year is 0. */
    static Integer ageYears(String as) {
        if (as == null || as.length() < 2) {
            return null;
        }
        String s = as.trim();
        try {
            int n = Integer.parseInt(s.substring(0, s.length() - 1));
            return switch (Character.toUpperCase(s.charAt(s.length() - 1))) {
                case 'Y' -> n;
                case 'M' -> n / 12;
                case 'W' -> n / 52;
                case 'D' -> n / 365;
                default -> null;
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
