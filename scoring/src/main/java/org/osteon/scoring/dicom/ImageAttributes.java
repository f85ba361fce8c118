package org.osteon.scoring.dicom;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.OptionalDouble;

/**
 * What a reader found in an object before its pixels become a {@link StoredImage}: the attributes as
 * stored, and the first frame's values. Both readers fill one, so the checks in {@link #toImage()} are
 * the same whichever parsed the file.
 */
record ImageAttributes(
        int rows,
        int columns,
        int samplesPerPixel,
        int bitsAllocated,
        int bitsStored,
        boolean signed,
        String photometric,
        OptionalDouble rescaleSlope,
        OptionalDouble rescaleIntercept,
        OptionalDouble windowCenter,
        OptionalDouble windowWidth,
        String patientAge,
        String patientSex,
        PixelValues pixels) {

    /** The stored pixel values, however the reader holds them. */
    sealed interface PixelValues {
        /** Values held: bytes for 8-bit pixels, 16-bit words otherwise. */
        int count(int bitsAllocated);

        int byteAt(int i);

        /** The i-th word as a sign-extended short; toImage masks or sign-extends from Bits Stored. */
        int wordAt(int i);
    }

    /** Values already split into bytes or words by a DICOM library. */
    record Decoded(byte[] bytes, short[] words) implements PixelValues {
        public int count(int bitsAllocated) {
            return bitsAllocated == 8 ? bytes.length : words.length;
        }

        public int byteAt(int i) {
            return bytes[i];
        }

        public int wordAt(int i) {
            return words[i];
        }
    }

    /** The Pixel Data value in place in the file's bytes, little-endian. */
    record LittleEndian(byte[] file, int offset, int length) implements PixelValues {

        /** One little-endian load per word, not two byte loads and a shift, in the loop that reads every pixel. */
        private static final VarHandle WORDS =
                MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

        public int count(int bitsAllocated) {
            return bitsAllocated == 8 ? length : length / 2;
        }

        public int byteAt(int i) {
            return file[offset + i];
        }

        public int wordAt(int i) {
            return (short) WORDS.get(file, offset + 2 * i);
        }
    }

    StoredImage toImage() throws UnreadableImageException {
        if (pixels == null || rows < 1 || columns < 1) {
            throw new UnreadableImageException("object has no pixel data");
        }
        if (samplesPerPixel != 1) {
            throw new UnreadableImageException("expected one sample per pixel (greyscale), got " + samplesPerPixel);
        }
        int n = rows * columns;
        StoredImage.Rows values;
        if (bitsAllocated == 8) {
            requireLength(pixels.count(8), n);
            values = (row, cols, into) -> {
                int base = row * cols;
                for (int x = 0; x < cols; x++) {
                    int b = pixels.byteAt(base + x);
                    into[x] = signed ? (byte) b : b & 0xFF;
                }
            };
        } else if (bitsAllocated == 16) {
            requireLength(pixels.count(16), n);
            // Stored values as pydicom's pixel_array gives them: sign-extended from Bits Stored when signed.
            int shift = 32 - bitsStored;
            values = (row, cols, into) -> {
                int base = row * cols;
                for (int x = 0; x < cols; x++) {
                    int s = pixels.wordAt(base + x);
                    into[x] = signed ? (s << shift) >> shift : s & 0xFFFF;
                }
            };
        } else {
            throw new UnreadableImageException("unsupported Bits Allocated " + bitsAllocated + " (8 or 16 expected)");
        }
        return new StoredImage(
                rows,
                columns,
                values,
                rescaleSlope,
                rescaleIntercept,
                windowCenter,
                windowWidth,
                photometric,
                DicomReader.ageYears(patientAge),
                blankToNull(patientSex));
    }

    private static void requireLength(int have, int need) throws UnreadableImageException {
        if (have < need) {
            throw new UnreadableImageException("pixel data holds " + have + " values, a frame needs " + need);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
