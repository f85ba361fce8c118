package org.osteon.scoring.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Reads the first frame of a DICOM object into a {@link StoredImage}. The only class in scoring that
 * knows PixelMed, so the DICOM library can be swapped without touching preprocessing.
 */
public final class DicomReader {

    public StoredImage read(Path file) throws UnreadableImageException {
        if (!Files.isRegularFile(file)) {
            throw new UnreadableImageException("object not found: " + file);
        }
        AttributeList list = new AttributeList();
        try {
            list.read(file.toFile());
        } catch (IOException | DicomException | RuntimeException e) {
            throw new UnreadableImageException("not a readable DICOM object: " + file.getFileName() + ": " + e, e);
        }
        try {
            return toImage(list);
        } catch (DicomException e) {
            throw new UnreadableImageException("cannot read pixel data of " + file.getFileName() + ": " + e, e);
        }
    }

    private static StoredImage toImage(AttributeList list) throws DicomException, UnreadableImageException {
        int rows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
        int cols = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
        int samples = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SamplesPerPixel, 1);
        int bitsAllocated = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 16);
        int bitsStored = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsStored, bitsAllocated);
        boolean signed = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PixelRepresentation, 0) == 1;
        Attribute pixels = list.getPixelData();
        if (pixels == null || rows < 1 || cols < 1) {
            throw new UnreadableImageException("object has no pixel data");
        }
        if (samples != 1) {
            throw new UnreadableImageException("expected one sample per pixel (greyscale), got " + samples);
        }
        String photometric = Attribute.getSingleStringValueOrDefault(list, TagFromName.PhotometricInterpretation,
                "MONOCHROME2").trim().toUpperCase(Locale.ROOT);
        double[] stored = firstFrame(pixels, rows * cols, bitsAllocated, bitsStored, signed);
        return new StoredImage(rows, cols, stored,
                first(list, TagFromName.RescaleSlope), first(list, TagFromName.RescaleIntercept),
                first(list, TagFromName.WindowCenter), first(list, TagFromName.WindowWidth),
                photometric, ageYears(Attribute.getSingleStringValueOrNull(list, TagFromName.PatientAge)),
                blankToNull(Attribute.getSingleStringValueOrNull(list, TagFromName.PatientSex)));
    }

    /** Stored values as pydicom's pixel_array gives them: sign-extended from Bits Stored when signed. */
    private static double[] firstFrame(Attribute pixels, int n, int bitsAllocated, int bitsStored, boolean signed)
            throws DicomException, UnreadableImageException {
        double[] out = new double[n];
        if (bitsAllocated == 8) {
            byte[] b = pixels.getByteValues();
            requireLength(b.length, n);
            for (int i = 0; i < n; i++) {
                out[i] = signed ? b[i] : b[i] & 0xFF;
            }
        } else if (bitsAllocated == 16) {
            short[] s = pixels.getShortValues();
            requireLength(s.length, n);
            int shift = 32 - bitsStored;
            for (int i = 0; i < n; i++) {
                out[i] = signed ? (s[i] << shift) >> shift : s[i] & 0xFFFF;
            }
        } else {
            throw new UnreadableImageException("unsupported Bits Allocated " + bitsAllocated + " (8 or 16 expected)");
        }
        return out;
    }

    private static void requireLength(int have, int need) throws UnreadableImageException {
        if (have < need) {
            throw new UnreadableImageException("pixel data holds " + have + " values, a frame needs " + need);
        }
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

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
