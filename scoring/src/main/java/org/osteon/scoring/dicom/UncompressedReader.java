package org.osteon.scoring.dicom;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.OptionalDouble;
import org.osteon.platform.dicom.DicomElementReader;
import org.osteon.platform.dicom.DicomStreamWalker;
import org.osteon.platform.dicom.ElementVisitor;
import org.osteon.platform.dicom.MalformedDicomException;
import org.osteon.platform.dicom.Tags;
import org.osteon.platform.dicom.Vr;

/**
 * Reads the few attributes scoring needs, and the place of the pixels, straight from the bytes of a
 * Part 10 file in Explicit or Implicit VR Little Endian: the encodings the de-identifier writes. It walks
 * the top-level data set once with platform's {@link DicomStreamWalker}, skipping every value it does
 * not need (sequences of undefined length are walked, nested to {@link #MAX_DEPTH} levels, the others
 * skipped whole), and stops at Pixel Data, which it leaves in place.
 *
 * <p>It never guesses: any other transfer syntax, encapsulated pixels, a length past the end, an unknown
 * VR or a value it cannot parse makes {@link #parse} return null, and the caller reads the object with
 * the DICOM library instead, which refuses it with a proper reason if it is really broken.
 */
final class UncompressedReader implements ElementVisitor {

    static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
    static final String IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2";
    static final int MAX_DEPTH = 32;

    private final byte[] b;
    /** Whether the walk is still in the file meta information. */
    private boolean meta = true;

    private String syntax;

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
        } catch (MalformedDicomException | IOException | NumberFormatException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** Not an error in the object: only something this reader leaves to the library. */
    private static MalformedDicomException unsupported() {
        return new MalformedDicomException("left to the DICOM library");
    }

    private ImageAttributes read() throws MalformedDicomException, IOException {
        DicomElementReader reader = DicomElementReader.of(b, 0, "data set");
        if (!reader.readPart10Prefix()) {
            return null;
        }
        // The reader's own bounds are those of the array; a value needs no limit of its own.
        DicomStreamWalker walker = new DicomStreamWalker(reader, MAX_DEPTH, Long.MAX_VALUE);
        walker.fileMeta(this);
        meta = false;
        boolean explicit;
        if (EXPLICIT_VR_LITTLE_ENDIAN.equals(syntax)) {
            explicit = true;
        } else if (IMPLICIT_VR_LITTLE_ENDIAN.equals(syntax)) {
            explicit = false;
        } else {
            return null;
        }
        walker.dataSet(this, explicit);
        int bits = bitsAllocated < 0 ? 16 : bitsAllocated;
        return new ImageAttributes(
                Math.max(rows, 0),
                Math.max(columns, 0),
                samples < 0 ? 1 : samples,
                bits,
                bitsStored < 0 ? bits : bitsStored,
                pixelRepresentation == 1,
                photometric == null ? "MONOCHROME2" : photometric.toUpperCase(Locale.ROOT),
                decimal(rescaleSlope),
                decimal(rescaleIntercept),
                decimal(windowCenter),
                decimal(windowWidth),
                patientAge,
                patientSex,
                pixels);
    }

    /** One element at {@code depth}: keeps it when wanted, skips it otherwise. */
    @Override
    public Action element(DicomElementReader r, int depth) throws MalformedDicomException {
        int tag = r.tag();
        if (meta) {
            return tag == Tags.TRANSFER_SYNTAX_UID ? Action.READ : Action.SKIP;
        }
        if (tag == Tags.PIXEL_DATA && depth == 0) {
            if (r.undefinedLength()) {
                throw unsupported(); // encapsulated: compressed frames are the library's job
            }
            // The walker has checked that the value lies within the array: the pixels stay where they are.
            pixels = new ImageAttributes.LittleEndian(b, (int) r.position(), (int) r.length());
            return Action.STOP;
        }
        if (r.undefinedLength()) {
            if (r.explicit() && r.vr() != Vr.SQ) {
                throw unsupported(); // e.g. UN of undefined length, whose content is implicit VR
            }
            return Action.SEQUENCE;
        }
        return depth == 0 && wanted(tag) ? Action.READ : Action.SKIP;
    }

    /** Items of defined length are skipped whole: only the top level counts. */
    @Override
    public boolean item(DicomElementReader r, int depth) {
        return false;
    }

    @Override
    public void value(DicomElementReader r, byte[] bytes, int value, int length) throws MalformedDicomException {
        switch (r.tag()) {
            case Tags.TRANSFER_SYNTAX_UID -> syntax = string(value, length);
            case Tags.ROWS -> rows = us(value, length);
            case Tags.COLUMNS -> columns = us(value, length);
            case Tags.SAMPLES_PER_PIXEL -> samples = us(value, length);
            case Tags.BITS_ALLOCATED -> bitsAllocated = us(value, length);
            case Tags.BITS_STORED -> bitsStored = us(value, length);
            case Tags.PIXEL_REPRESENTATION -> pixelRepresentation = us(value, length);
            case Tags.PHOTOMETRIC_INTERPRETATION -> photometric = string(value, length);
            case Tags.PATIENT_AGE -> patientAge = string(value, length);
            case Tags.PATIENT_SEX -> patientSex = string(value, length);
            case Tags.WINDOW_CENTER -> windowCenter = string(value, length);
            case Tags.WINDOW_WIDTH -> windowWidth = string(value, length);
            case Tags.RESCALE_INTERCEPT -> rescaleIntercept = string(value, length);
            case Tags.RESCALE_SLOPE -> rescaleSlope = string(value, length);
            default -> {}
        }
    }

    private static boolean wanted(int tag) {
        return switch (tag) {
            case Tags.ROWS,
                    Tags.COLUMNS,
                    Tags.SAMPLES_PER_PIXEL,
                    Tags.BITS_ALLOCATED,
                    Tags.BITS_STORED,
                    Tags.PIXEL_REPRESENTATION,
                    Tags.PHOTOMETRIC_INTERPRETATION,
                    Tags.PATIENT_AGE,
                    Tags.PATIENT_SEX,
                    Tags.WINDOW_CENTER,
                    Tags.WINDOW_WIDTH,
                    Tags.RESCALE_INTERCEPT,
                    Tags.RESCALE_SLOPE -> true;
            default -> false;
        };
    }

    private int us(int value, int length) throws MalformedDicomException {
        if (length < 2) {
            throw unsupported();
        }
        return (b[value] & 0xFF) | (b[value + 1] & 0xFF) << 8;
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
