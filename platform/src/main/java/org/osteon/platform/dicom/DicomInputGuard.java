package org.osteon.platform.dicom;

import com.pixelmed.dicom.TransferSyntax;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Walks a DICOM Part 10 file's structure before PixelMed parses it, without keeping any value: the
 * preamble and {@code DICM}, the file meta information (explicit VR little endian), then the data set in
 * the transfer syntax the meta names (explicit or implicit VR little endian, explicit VR big endian,
 * deflated through a bounded inflater), nested sequences and encapsulated pixel data fragments included.
 *
 * <p>PixelMed accepts truncated and inconsistent structure (it would de-identify garbage) and recurses
 * as deep as the sequences go (5000 levels overflow its stack), and only sanity-checks some lengths.
 * An OutOfMemoryError or StackOverflowError is never caught in Osteon; this walk prevents them
 * instead, and says precisely what is wrong, with the byte offset (docs/robustness.md).
 *
 * <p>The structure (headers, items, delimiters, undefined lengths, lengths against what remains, depth)
 * is walked by platform's {@link DicomStreamWalker}; this class adds what PixelMed's memory needs: the
 * limits of {@link DicomLimits}, VRs that agree with the standard, value multiples, and the count of
 * elements, items and string values.
 *
 * <p>Memory is bounded: a 64 KiB read buffer, an 8 KiB scratch buffer, an inflater, and recursion
 * no deeper than {@link DicomLimits#maxDepth()}.
 */
public final class DicomInputGuard {

    private final DicomLimits limits;
    private DicomElementReader reader;
    private int elements;
    /** How far an inflated data set may grow: the object limit, or the inflation ratio times its compressed size. */
    private long inflatedLimit;
    /** The top-level Pixel Data element's header, as the walk found it; null when there is none. */
    private NativePixelData pixelData;
    /** Whether the top-level Pixel Data is encapsulated, of odd length or followed by another element. */
    private boolean pixelDataNotCopyable;

    private DicomInputGuard(DicomLimits limits) {
        this.limits = limits;
    }

    /**
     * Returns normally when PixelMed may parse {@code file}; otherwise says why not, before it does.
     *
     * @throws UnreadableDicomException when the bytes are not an object within the limits (bad input)
     * @throws IOException when the file cannot be read (a fault of this side, not of the object)
     */
    public static void check(Path file, DicomLimits limits) throws UnreadableDicomException, IOException {
        checkAndLocatePixelData(file, limits);
    }

    /**
     * As {@link #check}, and where the object's Pixel Data lies when it can be copied byte for byte (see
     * {@link NativePixelData}, whose VR is {@link Vr#NONE} for a file in implicit VR); empty when the
     * object has no pixel data or its pixel data cannot be copied so.
     */
    public static Optional<NativePixelData> checkAndLocatePixelData(Path file, DicomLimits limits)
            throws UnreadableDicomException, IOException {
        DicomInputGuard guard = new DicomInputGuard(limits);
        String syntax;
        try {
            syntax = guard.walk(file);
        } catch (MalformedDicomException e) {
            throw malformed(e.getMessage());
        }
        boolean littleEndianNative = TransferSyntax.ExplicitVRLittleEndian.equals(syntax)
                || TransferSyntax.ImplicitVRLittleEndian.equals(syntax);
        return littleEndianNative && !guard.pixelDataNotCopyable
                ? Optional.ofNullable(guard.pixelData)
                : Optional.empty();
    }

    /**
     * Returns normally when PixelMed may parse a DIMSE command set (PS3.7 §6.3.1: implicit VR little
     * endian, no preamble or meta information) held in {@code commandSet}; otherwise says why not.
     */
    public static void checkCommandSet(byte[] commandSet, DicomLimits limits) throws UnreadableDicomException {
        DicomInputGuard guard = new DicomInputGuard(limits);
        guard.reader = DicomElementReader.of(commandSet, 0, "command set");
        try {
            guard.walker().dataSet(guard.new DataSet(), false);
        } catch (MalformedDicomException e) {
            throw malformed(e.getMessage());
        } catch (IOException e) {
            throw guard.unreadable(e);
        }
    }

    /** Walks the file; returns its transfer syntax UID. */
    private String walk(Path file) throws UnreadableDicomException, IOException, MalformedDicomException {
        long size = Files.size(file);
        if (size == 0) {
            throw malformed("the file is empty (0 bytes)");
        }
        if (size > limits.maxObjectBytes()) {
            throw malformed("the file is " + size + " bytes, more than the " + limits.maxObjectBytes()
                    + " bytes allowed for one object");
        }
        if (size < 132) {
            throw malformed(
                    "the file is only " + size + " bytes: not a DICOM Part 10 file (128-byte preamble and DICM)");
        }
        try (InputStream file0 = new BufferedInputStream(Files.newInputStream(file), 65536)) {
            reader = DicomElementReader.of(file0, size, "file");
            if (!reader.readPart10Prefix()) {
                throw malformed("no DICM prefix at byte 128: not a DICOM Part 10 file");
            }
            reader.where("file meta information");
            Meta meta = new Meta();
            walker().fileMeta(meta);
            TransferSyntax syntax = new TransferSyntax(meta.transferSyntax());
            if (syntax.isBzip2ed()) {
                throw malformed("transfer syntax " + syntax.getUID() + " (bzip2) is not accepted");
            }
            reader.bigEndian(syntax.isBigEndian());
            reader.where("data set");
            if (syntax.isDeflated()) {
                Inflater inflater = new Inflater(true);
                try {
                    // Offsets now count inflated bytes, bounded by the object limit and the inflation ratio.
                    long compressed = size - reader.position();
                    inflatedLimit = Math.min(limits.maxObjectBytes(), compressed * limits.maxInflationRatio());
                    reader = DicomElementReader.of(
                            new BufferedInputStream(new InflaterInputStream(file0, inflater, 8192), 8192),
                            DicomElementReader.UNKNOWN_END,
                            "inflated data set");
                    reader.bigEndian(syntax.isBigEndian());
                    walker().dataSet(new DataSet(), syntax.isExplicitVR());
                } finally {
                    inflater.end();
                }
                return syntax.getUID();
            } else {
                walker().dataSet(new DataSet(), syntax.isExplicitVR());
            }
            return syntax.getUID();
        } catch (ZipException e) {
            // Its deflated bytes are not deflate: bad input. Running out of bytes is the walker's refusal;
            // any other IOException is the disk's and goes to the caller as such.
            throw unreadable(e);
        }
    }

    private DicomStreamWalker walker() {
        return new DicomStreamWalker(reader, limits.maxDepth(), limits.maxElementBytes());
    }

    private UnreadableDicomException unreadable(IOException e) {
        return malformed("cannot read the " + reader.where() + " at byte " + reader.position() + ": " + e.getMessage());
    }

    /** File meta information group: always explicit VR little endian; yields the transfer syntax UID. */
    private final class Meta implements ElementVisitor {
        private String transferSyntax;
        private long groupLength = -1;
        private long groupStart = -1;

        @Override
        public void explicitVr(DicomElementReader r) throws MalformedDicomException {
            checkVr(r);
        }

        @Override
        public Action element(DicomElementReader r, int depth) throws MalformedDicomException {
            checkValue(r);
            count(r.headerAt());
            if (r.tag() == Tags.FILE_META_GROUP_LENGTH && r.length() == 4) {
                groupStart = r.position() + 4;
                return Action.READ;
            }
            if (r.tag() == Tags.TRANSFER_SYNTAX_UID) {
                if (r.length() > 64) {
                    throw new MalformedDicomException("Transfer Syntax UID of " + r.length() + " bytes at byte "
                            + r.headerAt() + " (a UID has at most 64)");
                }
                return Action.READ;
            }
            return Action.SKIP;
        }

        @Override
        public void value(DicomElementReader r, byte[] bytes, int offset, int count) {
            if (r.tag() == Tags.TRANSFER_SYNTAX_UID) {
                transferSyntax = new String(bytes, offset, count, StandardCharsets.US_ASCII)
                        .replace('\0', ' ')
                        .trim();
            } else {
                groupLength = (bytes[offset] & 0xFFL)
                        | (bytes[offset + 1] & 0xFFL) << 8
                        | (bytes[offset + 2] & 0xFFL) << 16
                        | (bytes[offset + 3] & 0xFFL) << 24;
            }
        }

        String transferSyntax() throws MalformedDicomException {
            // PixelMed may use the group length to find where the data set starts; a wrong one would
            // make it read meta bytes in the data set's encoding.
            if (groupLength >= 0 && groupLength != reader.position() - groupStart) {
                throw new MalformedDicomException("File Meta Information Group Length says " + groupLength
                        + " bytes, the group has " + (reader.position() - groupStart));
            }
            if (transferSyntax == null || transferSyntax.isEmpty()) {
                throw new MalformedDicomException("no Transfer Syntax UID (0002,0010) in the file meta information");
            }
            return transferSyntax;
        }
    }

    /** The data set: counts what PixelMed would make objects of, and walks every sequence it would. */
    private final class DataSet implements ElementVisitor {

        @Override
        public void explicitVr(DicomElementReader r) throws MalformedDicomException {
            checkVr(r);
        }

        @Override
        public Action element(DicomElementReader r, int depth) throws MalformedDicomException {
            count(r.headerAt());
            if (depth == 0) {
                locate(r);
            }
            if (r.undefinedLength()) {
                return Action.STANDARD;
            }
            checkInflation(r);
            checkValue(r);
            int vr = r.vr();
            if (vr == Vr.SQ) {
                return Action.SEQUENCE;
            }
            if (r.explicit() && vr == Vr.UN && Vr.dictionary(r.tag()) == Vr.SQ && r.length() > 0) {
                // PS3.5 6.2.2: a sequence sent as UN is encoded in implicit VR little endian.
                return Action.IMPLICIT_SEQUENCE;
            }
            return Vr.isText(vr) ? Action.READ : Action.SKIP;
        }

        /** A string value, read in pieces to count its backslash-separated values, each a Java object in PixelMed. */
        @Override
        public void value(DicomElementReader r, byte[] bytes, int offset, int count) throws MalformedDicomException {
            for (int i = offset; i < offset + count; i++) {
                if (bytes[i] == '\\') {
                    count(r.headerAt());
                }
            }
        }

        @Override
        public boolean item(DicomElementReader r, int depth) throws MalformedDicomException {
            count(r.headerAt());
            if (!r.undefinedLength()) {
                checkInflation(r);
            }
            return true;
        }

        @Override
        public void fragment(DicomElementReader r) throws MalformedDicomException {
            count(r.headerAt());
            checkInflation(r);
        }

        @Override
        public int implicitVr(int tag) {
            return Vr.dictionary(tag);
        }
    }

    /** Notes the top-level Pixel Data, and whether anything keeps it from being copied byte for byte. */
    private void locate(DicomElementReader r) {
        if (pixelData != null) {
            pixelDataNotCopyable = true;
        } else if (r.tag() == Tags.PIXEL_DATA) {
            int vr = r.explicit() ? r.vr() : Vr.NONE;
            if (r.undefinedLength() || r.length() % 2 != 0 || (r.explicit() && vr != Vr.OB && vr != Vr.OW)) {
                pixelDataNotCopyable = true;
            } else {
                pixelData = new NativePixelData(r.headerAt(), r.position(), r.length(), vr);
            }
        }
    }

    /**
     * A standard attribute whose VR names another kind of value (text as numbers, a sequence as bytes)
     * would be decoded as that other kind; PixelMed trusts the explicit VR.
     */
    private static void checkVr(DicomElementReader r) throws MalformedDicomException {
        int vr = r.vr();
        int expected = Vr.dictionary(r.tag());
        if (expected != Vr.NONE && vr != Vr.UN && expected != Vr.UN && kind(vr) != kind(expected)) {
            throw new MalformedDicomException(Tags.toString(r.tag()) + " at byte " + r.headerAt() + " has VR "
                    + Vr.name(vr) + " where the standard says " + Vr.name(expected));
        }
    }

    private static int kind(int vr) {
        if (vr == Vr.SQ) {
            return 0;
        }
        return Vr.isText(vr) ? 1 : 2;
    }

    /** A defined length, which the walker has checked against the element limit and what remains. */
    private void checkValue(DicomElementReader r) throws MalformedDicomException {
        int vr = r.vr();
        if (vr == Vr.NONE) {
            return;
        }
        long length = r.length();
        int unit = Vr.unitSize(vr);
        if (length % unit != 0) {
            throw new MalformedDicomException(
                    r.describe() + " at byte " + r.headerAt() + " has " + length + " bytes, not a multiple of " + unit);
        }
        if (Vr.isText(vr) && length > limits.maxTextBytes()) {
            throw new MalformedDicomException(r.describe() + " at byte " + r.headerAt() + " has " + length
                    + " bytes of text, more than " + limits.maxTextBytes());
        }
    }

    private void checkInflation(DicomElementReader r) throws MalformedDicomException {
        if (!r.endKnown() && r.position() + r.length() > inflatedLimit) {
            throw inflatesTooFar();
        }
    }

    private MalformedDicomException inflatesTooFar() {
        return new MalformedDicomException("the " + reader.where() + " inflates past " + inflatedLimit
                + " bytes: more than " + limits.maxInflationRatio() + " times its compressed size, or the "
                + limits.maxObjectBytes() + " bytes allowed for one object");
    }

    private void count(long at) throws MalformedDicomException {
        if (++elements > limits.maxElements()) {
            throw new MalformedDicomException(
                    "more than " + limits.maxElements() + " elements, items and values (at byte " + at + ")");
        }
        if (!reader.endKnown() && reader.position() > inflatedLimit) {
            throw inflatesTooFar();
        }
    }

    private static UnreadableDicomException malformed(String reason) {
        return new UnreadableDicomException("malformed DICOM, rejected before parsing: " + reason);
    }
}
