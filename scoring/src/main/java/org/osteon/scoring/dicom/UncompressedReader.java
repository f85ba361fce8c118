package org.osteon.scoring.dicom;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Reads the few attributes scoring needs, and the place of the pixels, straight from the bytes of a
 * Part 10 file in Explicit or Implicit VR Little Endian: the encodings the de-identifier writes. It walks
 * the top-level data set once, skipping every value it does not need (sequences included, nested to
 * {@link #MAX_DEPTH} levels), and stops at Pixel Data, which it leaves in place.
 *
 * <p>It never guesses: any other transfer syntax, encapsulated pixels, a length past the end, an unknown
 * VR or a value it cannot parse makes {@link #parse} return null, and the caller reads the object with
 * the DICOM library instead, which refuses it with a proper reason if it is really broken.
 */
final class UncompressedReader {

    static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
    static final String IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2";
    static final int MAX_DEPTH = 32;

    private static final int UNDEFINED = -1; // 0xFFFFFFFF read as an int
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_END = 0xFFFEE00D;
    private static final int SEQUENCE_END = 0xFFFEE0DD;
    private static final int TRANSFER_SYNTAX = 0x00020010;
    private static final int PATIENT_SEX = 0x00100040;
    private static final int PATIENT_AGE = 0x00101010;
    private static final int SAMPLES_PER_PIXEL = 0x00280002;
    private static final int PHOTOMETRIC = 0x00280004;
    private static final int ROWS = 0x00280010;
    private static final int COLUMNS = 0x00280011;
    private static final int BITS_ALLOCATED = 0x00280100;
    private static final int BITS_STORED = 0x00280101;
    private static final int PIXEL_REPRESENTATION = 0x00280103;
    private static final int WINDOW_CENTER = 0x00281050;
    private static final int WINDOW_WIDTH = 0x00281051;
    private static final int RESCALE_INTERCEPT = 0x00281052;
    private static final int RESCALE_SLOPE = 0x00281053;
    private static final int PIXEL_DATA = 0x7FE00010;

    private final byte[] b;
    private boolean explicit;
    private int pos;
    /** The VR header() last read, in explicit syntax; 0 in implicit. */
    private int vr;

    // What the walk found; -1 and null mean absent.
    private int rows = -1;
    private int columns = -1;
    private int samples = -1;
    private int bitsAllocated = -1;
    private int bitsStored = -1;
    private int pixelRepresentation = -1;
    private String photometric;
    private String patientAge;
    private String patientSex;
    private String windowCenter;
    private String windowWidth;
    private String rescaleIntercept;
    private String rescaleSlope;
    private ImageAttributes.LittleEndian pixels;

    private UncompressedReader(byte[] bytes) {
        this.b = bytes;
    }

    /** The attributes of an uncompressed little-endian object, or null when the DICOM library must read it. */
    static ImageAttributes parse(byte[] bytes) {
        try {
            return new UncompressedReader(bytes).read();
        } catch (Unsupported | NumberFormatException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** Not an error in the object: only something this reader leaves to the library. */
    private static final class Unsupported extends Exception {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    private ImageAttributes read() throws Unsupported {
        if (b.length < 132 || b[128] != 'D' || b[129] != 'I' || b[130] != 'C' || b[131] != 'M') {
            throw new Unsupported();
        }
        pos = 132;
        String syntax = fileMetaTransferSyntax();
        if (EXPLICIT_VR_LITTLE_ENDIAN.equals(syntax)) {
            explicit = true;
        } else if (IMPLICIT_VR_LITTLE_ENDIAN.equals(syntax)) {
            explicit = false;
        } else {
            throw new Unsupported();
        }
        while (pos < b.length && pixels == null) {
            element(0);
        }
        int bits = bitsAllocated < 0 ? 16 : bitsAllocated;
        return new ImageAttributes(Math.max(rows, 0), Math.max(columns, 0), samples < 0 ? 1 : samples, bits,
                bitsStored < 0 ? bits : bitsStored, pixelRepresentation == 1,
                photometric == null ? "MONOCHROME2" : photometric.toUpperCase(Locale.ROOT),
                decimal(rescaleSlope), decimal(rescaleIntercept), decimal(windowCenter), decimal(windowWidth),
                patientAge, patientSex, pixels);
    }

    /** Group 0002 is always Explicit VR Little Endian. */
    private String fileMetaTransferSyntax() throws Unsupported {
        String syntax = null;
        explicit = true;
        while (pos + 8 <= b.length && u16(pos) == 0x0002) {
            int tag = tag(pos);
            int length = header();
            if (length == UNDEFINED) {
                throw new Unsupported();
            }
            int value = pos;
            skip(length);
            if (tag == TRANSFER_SYNTAX) {
                syntax = string(value, length);
            }
        }
        return syntax;
    }

    /** One element at {@code depth}: keeps it when wanted, skips it otherwise. */
    private void element(int depth) throws Unsupported {
        int tag = tag(pos);
        if (tag >>> 16 == 0xFFFE) {
            throw new Unsupported(); // an item or delimiter where an element belongs
        }
        int length = header();
        if (tag == PIXEL_DATA && depth == 0) {
            if (length == UNDEFINED) {
                throw new Unsupported(); // encapsulated: compressed frames are the library's job
            }
            need(length);
            pixels = new ImageAttributes.LittleEndian(b, pos, length);
            pos += length;
            return;
        }
        if (length == UNDEFINED) {
            if (explicit && vr != ('S' << 8 | 'Q')) {
                throw new Unsupported(); // e.g. UN of undefined length, whose content is implicit VR
            }
            undefinedLengthSequence(depth + 1);
            return;
        }
        int value = pos;
        skip(length);
        if (depth == 0) {
            keep(tag, value, length);
        }
    }

    private void keep(int tag, int value, int length) throws Unsupported {
        switch (tag) {
            case ROWS -> rows = us(value, length);
            case COLUMNS -> columns = us(value, length);
            case SAMPLES_PER_PIXEL -> samples = us(value, length);
            case BITS_ALLOCATED -> bitsAllocated = us(value, length);
            case BITS_STORED -> bitsStored = us(value, length);
            case PIXEL_REPRESENTATION -> pixelRepresentation = us(value, length);
            case PHOTOMETRIC -> photometric = string(value, length);
            case PATIENT_AGE -> patientAge = string(value, length);
            case PATIENT_SEX -> patientSex = string(value, length);
            case WINDOW_CENTER -> windowCenter = string(value, length);
            case WINDOW_WIDTH -> windowWidth = string(value, length);
            case RESCALE_INTERCEPT -> rescaleIntercept = string(value, length);
            case RESCALE_SLOPE -> rescaleSlope = string(value, length);
            default -> {
            }
        }
    }

    /** Items until the sequence delimiter; each item is skipped whole or walked to its delimiter. */
    private void undefinedLengthSequence(int depth) throws Unsupported {
        if (depth > MAX_DEPTH) {
            throw new Unsupported();
        }
        while (true) {
            need(8);
            int tag = tag(pos);
            int length = i32(pos + 4);
            pos += 8;
            if (tag == SEQUENCE_END) {
                return;
            }
            if (tag != ITEM) {
                throw new Unsupported();
            }
            if (length != UNDEFINED) {
                skip(length);
                continue;
            }
            while (true) {
                need(8);
                if (tag(pos) == ITEM_END) {
                    pos += 8;
                    break;
                }
                element(depth);
            }
        }
    }

    /** Reads tag, VR and length at pos; leaves pos at the value and returns its length (-1: undefined). */
    private int header() throws Unsupported {
        need(8);
        if (!explicit) {
            vr = 0;
            int length = i32(pos + 4);
            pos += 8;
            return length;
        }
        char v1 = (char) b[pos + 4];
        char v2 = (char) b[pos + 5];
        if (v1 < 'A' || v1 > 'Z' || v2 < 'A' || v2 > 'Z') {
            throw new Unsupported();
        }
        vr = v1 << 8 | v2;
        if (longLength(v1, v2)) {
            need(12);
            int length = i32(pos + 8);
            pos += 12;
            return length;
        }
        int length = u16(pos + 6);
        pos += 8;
        return length;
    }

    /** PS3.5 7.1.2: these VRs have two reserved bytes and a 32-bit length. */
    private static boolean longLength(char v1, char v2) {
        return switch ("" + v1 + v2) {
            case "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV" -> true;
            default -> false;
        };
    }

    private void skip(int length) throws Unsupported {
        if (length < 0) {
            throw new Unsupported();
        }
        need(length);
        pos += length;
    }

    private void need(int n) throws Unsupported {
        if (n < 0 || pos > b.length - n) {
            throw new Unsupported();
        }
    }

    private int tag(int at) {
        return (u16(at) << 16) | u16(at + 2);
    }

    private int u16(int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private int i32(int at) {
        return u16(at) | u16(at + 2) << 16;
    }

    private int us(int value, int length) throws Unsupported {
        if (length < 2) {
            throw new Unsupported();
        }
        return u16(value);
    }

    /** The value as text without its padding (trailing spaces or NUL, leading spaces). */
    private String string(int value, int length) {
        int end = value + length;
        while (end > value && (b[end - 1] == ' ' || b[end - 1] == 0)) {
            end--;
        }
        int start = value;
        while (start < end && b[start] == ' ') {
            start++;
        }
        return new String(b, start, end - start, StandardCharsets.US_ASCII);
    }

    /** The first value of a Decimal String, as the library reads it; a malformed one goes to the library. */
    private static OptionalDouble decimal(String ds) {
        if (ds == null) {
            return OptionalDouble.empty();
        }
        int backslash = ds.indexOf('\\');
        String first = (backslash < 0 ? ds : ds.substring(0, backslash)).trim();
        for (int i = 0; i < first.length(); i++) {
            if ("0123456789+-.eE".indexOf(first.charAt(i)) < 0) {
                throw new NumberFormatException("not a Decimal String: " + first);
            }
        }
        if (first.isEmpty()) {
            if (backslash < 0) {
                return OptionalDouble.empty();
            }
            throw new NumberFormatException("empty first value");
        }
        return OptionalDouble.of(Double.parseDouble(first));
    }
}
