package org.osteon.platform.dicom;


import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.TransferSyntax;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
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
 * <p>Memory is bounded: a 64 KiB read buffer, an 8 KiB scratch buffer, an inflater, and recursion
 * no deeper than {@link DicomLimits#maxDepth()}.
 */
public final class DicomInputGuard {

    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_DELIMITER = 0xFFFEE00D;
    private static final int SEQUENCE_DELIMITER = 0xFFFEE0DD;
    private static final int PIXEL_DATA = 0x7FE00010;
    private static final int META_GROUP_LENGTH = 0x00020000;
    private static final int META_TRANSFER_SYNTAX = 0x00020010;
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final long NO_END = Long.MAX_VALUE;

    /** PS3.5 Table 6.2-1, 2023: every VR code there is. */
    private static final Set<String> VRS = Set.of("AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO",
            "LT", "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL",
            "UN", "UR", "US", "UT", "UV");
    /** Explicit VRs with a 2-byte reserved field and a 4-byte length (PS3.5 7.1.2). */
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN",
            "UR", "UT", "UV");
    private static final Set<String> TEXT_VRS = Set.of("AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH",
            "ST", "TM", "UC", "UI", "UR", "UT");

    private final DicomLimits limits;
    private final byte[] scratch = new byte[8192];
    private InputStream in;
    private long position;
    /** Where the current stream ends when known (the file size), else {@link #NO_END} (an inflated data set). */
    private long streamEnd;
    private boolean bigEndian;
    private String where = "file";
    private int elements;
    /** How far an inflated data set may grow: the object limit, or the inflation ratio times its compressed size. */
    private long inflatedLimit;

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
        new DicomInputGuard(limits).walk(file);
    }

    /**
     * Returns normally when PixelMed may parse a DIMSE command set (PS3.7 §6.3.1: implicit VR little
     * endian, no preamble or meta information) held in {@code commandSet}; otherwise says why not.
     */
    public static void checkCommandSet(byte[] commandSet, DicomLimits limits) throws UnreadableDicomException {
        DicomInputGuard guard = new DicomInputGuard(limits);
        guard.in = new ByteArrayInputStream(commandSet);
        guard.streamEnd = commandSet.length;
        guard.where = "command set";
        try {
            guard.dataSet(false, NO_END, 0);
        } catch (IOException e) {
            throw guard.unreadable(e);
        }
    }

    private void walk(Path file) throws UnreadableDicomException, IOException {
        long size = Files.size(file);
        if (size == 0) {
            throw malformed("the file is empty (0 bytes)");
        }
        if (size > limits.maxObjectBytes()) {
            throw malformed("the file is " + size + " bytes, more than the " + limits.maxObjectBytes()
                    + " bytes allowed for one object");
        }
        if (size < 132) {
            throw malformed("the file is only " + size + " bytes: not a DICOM Part 10 file (128-byte preamble and DICM)");
        }
        try (InputStream file0 = new BufferedInputStream(Files.newInputStream(file), 65536)) {
            in = file0;
            streamEnd = size;
            skip(128);
            readFully(4);
            if (scratch[0] != 'D' || scratch[1] != 'I' || scratch[2] != 'C' || scratch[3] != 'M') {
                throw malformed("no DICM prefix at byte 128: not a DICOM Part 10 file");
            }
            TransferSyntax syntax = new TransferSyntax(meta());
            if (syntax.isBzip2ed()) {
                throw malformed("transfer syntax " + syntax.getUID() + " (bzip2) is not accepted");
            }
            bigEndian = syntax.isBigEndian();
            where = "data set";
            if (syntax.isDeflated()) {
                Inflater inflater = new Inflater(true);
                try {
                    in = new BufferedInputStream(new InflaterInputStream(file0, inflater, 8192), 8192);
                    // Offsets now count inflated bytes, bounded by the object limit and the inflation ratio.
                    long compressed = size - position;
                    inflatedLimit = Math.min(limits.maxObjectBytes(), compressed * limits.maxInflationRatio());
                    position = 0;
                    streamEnd = NO_END;
                    where = "inflated data set";
                    dataSet(syntax.isExplicitVR(), NO_END, 0);
                } finally {
                    inflater.end();
                }
            } else {
                dataSet(syntax.isExplicitVR(), NO_END, 0);
            }
        } catch (EOFException | ZipException e) {
            // The object ends early, or its deflated bytes are not deflate: bad input. Any other
            // IOException is the disk's and goes to the caller as such.
            throw unreadable(e);
        }
    }

    private UnreadableDicomException unreadable(IOException e) {
        if (e instanceof EOFException) {
            return malformed("the " + where + " ends in the middle of an element at byte " + position + " (truncated)");
        }
        return malformed("cannot read the " + where + " at byte " + position + ": " + e.getMessage());
    }

    /** File meta information group: always explicit VR little endian; returns the transfer syntax UID. */
    private String meta() throws IOException, UnreadableDicomException {
        bigEndian = false;
        where = "file meta information";
        String transferSyntax = null;
        long groupLength = -1;
        long groupStart = -1;
        while (position < streamEnd) {
            in.mark(4);
            long tagAt = position;
            int tag = tag();
            if (tag >>> 16 != 0x0002) {
                in.reset();
                position = tagAt;
                break;
            }
            String vr = vr(tag, tagAt);
            long length = length(vr);
            if (length == UNDEFINED) {
                throw malformed("undefined length for " + describe(tag, vr) + " at byte " + tagAt
                        + " in the file meta information");
            }
            checkValue(tag, vr, length, tagAt, NO_END);
            if (tag == META_GROUP_LENGTH && length == 4) {
                readFully(4);
                groupLength = u32(0);
                groupStart = position;
            } else if (tag == META_TRANSFER_SYNTAX) {
                if (length > 64) {
                    throw malformed("Transfer Syntax UID of " + length + " bytes at byte " + tagAt + " (a UID has at most 64)");
                }
                readFully((int) length);
                transferSyntax = new String(scratch, 0, (int) length, StandardCharsets.US_ASCII)
                        .replace('\0', ' ').trim();
            } else {
                skip(length);
            }
            count(tagAt);
        }
        // PixelMed may use the group length to find where the data set starts; a wrong one would
        // make it read meta bytes in the data set's encoding.
        if (groupLength >= 0 && groupLength != position - groupStart) {
            throw malformed("File Meta Information Group Length says " + groupLength + " bytes, the group has "
                    + (position - groupStart));
        }
        if (transferSyntax == null || transferSyntax.isEmpty()) {
            throw malformed("no Transfer Syntax UID (0002,0010) in the file meta information");
        }
        return transferSyntax;
    }

    /**
     * Elements up to {@code end} (a defined-length item), to an item delimiter ({@code end == NO_END},
     * {@code depth > 0}), or to the end of the stream (the top level). Returns at a clean end.
     */
    private void dataSet(boolean explicit, long end, int depth) throws IOException, UnreadableDicomException {
        while (true) {
            if (end != NO_END && position == end) {
                return;
            }
            long tagAt = position;
            if (depth == 0 && atEndOfStream()) {
                return;
            }
            int tag = tag();
            if (tag == ITEM_DELIMITER && depth > 0 && end == NO_END) {
                if (length(null) != 0) {
                    throw malformed("item delimitation item with a non-zero length at byte " + tagAt);
                }
                return;
            }
            if (tag >>> 16 == 0xFFFE) {
                throw malformed("item or delimiter " + hex(tag) + " out of place at byte " + tagAt);
            }
            element(tag, tagAt, explicit, end, depth);
            if (end != NO_END && position > end) {
                throw malformed(hex(tag) + " at byte " + tagAt + " runs past the end of its item at byte " + end);
            }
        }
    }

    private void element(int tag, long tagAt, boolean explicit, long end, int depth)
            throws IOException, UnreadableDicomException {
        String vr = explicit ? vr(tag, tagAt) : dictionaryVr(tag);
        long length = explicit ? length(vr) : u32read();
        count(tagAt);
        if (length == UNDEFINED) {
            if (tag == PIXEL_DATA && (!explicit || vr.equals("OB") || vr.equals("OW") || vr.equals("UN"))) {
                fragments(tagAt);
            } else if ("SQ".equals(vr)) {
                sequence(tag, tagAt, explicit, NO_END, depth + 1);
            } else if (vr == null || vr.equals("UN")) {
                // Undefined-length UN, or an unknown tag in implicit VR: a sequence in implicit VR little
                // endian (PS3.5 6.2.2), which is also how PixelMed reads it.
                sequence(tag, tagAt, false, NO_END, depth + 1);
            } else {
                throw malformed("undefined length is not allowed for " + describe(tag, vr) + " at byte " + tagAt);
            }
            return;
        }
        checkValue(tag, vr, length, tagAt, end);
        if ("SQ".equals(vr)) {
            sequence(tag, tagAt, explicit, position + length, depth + 1);
        } else if (explicit && "UN".equals(vr) && "SQ".equals(dictionaryVr(tag)) && length > 0) {
            // PS3.5 6.2.2: a sequence sent as UN is encoded in implicit VR little endian.
            sequence(tag, tagAt, false, position + length, depth + 1);
        } else if (vr != null && TEXT_VRS.contains(vr)) {
            countValues(length, tagAt);
        } else {
            skip(length);
        }
    }

    private void sequence(int tag, long tagAt, boolean explicit, long end, int depth)
            throws IOException, UnreadableDicomException {
        if (depth > limits.maxDepth()) {
            throw malformed("sequences nested deeper than " + limits.maxDepth() + " levels at " + hex(tag)
                    + ", byte " + tagAt);
        }
        while (end == NO_END || position < end) {
            long itemAt = position;
            int item = tag();
            long length = u32read();
            if (item == SEQUENCE_DELIMITER && end == NO_END) {
                if (length != 0) {
                    throw malformed("sequence delimitation item with a non-zero length at byte " + itemAt);
                }
                return;
            }
            if (item != ITEM) {
                throw malformed("expected an item in sequence " + hex(tag) + " at byte " + itemAt + ", found " + hex(item));
            }
            count(itemAt);
            if (length == UNDEFINED) {
                dataSet(explicit, NO_END, depth);
            } else {
                checkLength(length, itemAt, end, "item of " + hex(tag));
                dataSet(explicit, position + length, depth);
            }
        }
        if (position != end) {
            throw malformed("sequence " + hex(tag) + " at byte " + tagAt + " overruns its length by " + (position - end)
                    + " bytes");
        }
    }

    /** Encapsulated pixel data: defined-length fragments (the first is the offset table), then a delimiter. */
    private void fragments(long tagAt) throws IOException, UnreadableDicomException {
        while (true) {
            long itemAt = position;
            int item = tag();
            long length = u32read();
            if (item == SEQUENCE_DELIMITER) {
                return;
            }
            if (item != ITEM || length == UNDEFINED) {
                throw malformed("encapsulated pixel data at byte " + tagAt + " has " + hex(item)
                        + (length == UNDEFINED ? " of undefined length" : "") + " at byte " + itemAt
                        + " where a fragment belongs");
            }
            count(itemAt);
            checkLength(length, itemAt, NO_END, "pixel data fragment");
            skip(length);
        }
    }

    private void checkValue(int tag, String vr, long length, long tagAt, long end) throws UnreadableDicomException {
        checkLength(length, tagAt, end, describe(tag, vr));
        if (vr == null) {
            return;
        }
        int unit = switch (vr) {
            case "US", "SS", "OW" -> 2;
            case "UL", "SL", "FL", "OF", "OL", "AT" -> 4;
            case "FD", "OD", "SV", "UV", "OV" -> 8;
            default -> 1;
        };
        if (length % unit != 0) {
            throw malformed(describe(tag, vr) + " at byte " + tagAt + " has " + length + " bytes, not a multiple of "
                    + unit);
        }
        if (TEXT_VRS.contains(vr) && length > limits.maxTextBytes()) {
            throw malformed(describe(tag, vr) + " at byte " + tagAt + " has " + length + " bytes of text, more than "
                    + limits.maxTextBytes());
        }
    }

    private void checkLength(long length, long at, long end, String what) throws UnreadableDicomException {
        if (length > limits.maxElementBytes()) {
            throw malformed(what + " at byte " + at + " declares " + length + " bytes, more than the "
                    + limits.maxElementBytes() + " allowed for one value");
        }
        long limit = Math.min(end, streamEnd);
        if (limit != NO_END && length > limit - position) {
            throw malformed(what + " at byte " + at + " declares " + length + " bytes, but only "
                    + Math.max(0, limit - position) + " remain in the " + (end < streamEnd ? "enclosing item" : where));
        }
        if (streamEnd == NO_END && position + length > inflatedLimit) {
            throw inflatesTooFar();
        }
    }

    private UnreadableDicomException inflatesTooFar() {
        return malformed("the " + where + " inflates past " + inflatedLimit + " bytes: more than "
                + limits.maxInflationRatio() + " times its compressed size, or the " + limits.maxObjectBytes()
                + " bytes allowed for one object");
    }

    private String vr(int tag, long tagAt) throws IOException, UnreadableDicomException {
        readFully(2);
        String vr = new String(scratch, 0, 2, StandardCharsets.ISO_8859_1);
        if (!VRS.contains(vr)) {
            throw malformed("invalid VR bytes 0x" + String.format("%02X%02X", scratch[0], scratch[1]) + " for "
                    + hex(tag) + " at byte " + tagAt);
        }
        // A standard attribute whose VR names another kind of value (text as numbers, a sequence as bytes)
        // would be decoded as that other kind; PixelMed trusts the explicit VR.
        String expected = dictionaryVr(tag);
        if (expected != null && !vr.equals("UN") && !expected.equals("UN") && kind(vr) != kind(expected)) {
            throw malformed(hex(tag) + " at byte " + tagAt + " has VR " + vr + " where the standard says " + expected);
        }
        return vr;
    }

    private long length(String vr) throws IOException {
        if (vr == null) {
            return u32read();
        }
        if (LONG_VRS.contains(vr)) {
            readFully(2);
            return u32read();
        }
        readFully(2);
        return u16(0);
    }

    /** PS3.6 VR of a standard attribute (even group), or null for private, unknown and group-length ones. */
    private static String dictionaryVr(int tag) {
        int group = tag >>> 16;
        int element = tag & 0xFFFF;
        if ((group & 1) == 1 || element == 0) {
            return null;
        }
        byte[] vr = DicomDictionary.StandardDictionary.getValueRepresentationFromTag(new AttributeTag(group, element));
        return vr == null || vr.length != 2 ? null : new String(vr, StandardCharsets.ISO_8859_1);
    }

    private static int kind(String vr) {
        if (vr.equals("SQ")) {
            return 0;
        }
        return TEXT_VRS.contains(vr) ? 1 : 2;
    }

    /** Reads a string value in pieces to count its backslash-separated values, each a Java object in PixelMed. */
    private void countValues(long length, long tagAt) throws IOException, UnreadableDicomException {
        long left = length;
        while (left > 0) {
            int n = (int) Math.min(left, scratch.length);
            readFully(n);
            for (int i = 0; i < n; i++) {
                if (scratch[i] == '\\') {
                    count(tagAt);
                }
            }
            left -= n;
        }
    }

    private void count(long at) throws UnreadableDicomException {
        if (++elements > limits.maxElements()) {
            throw malformed("more than " + limits.maxElements() + " elements, items and values (at byte " + at + ")");
        }
        if (streamEnd == NO_END && position > inflatedLimit) {
            throw inflatesTooFar();
        }
    }

    private boolean atEndOfStream() throws IOException {
        if (streamEnd != NO_END) {
            return position >= streamEnd;
        }
        in.mark(1);
        int b = in.read();
        if (b < 0) {
            return true;
        }
        in.reset();
        return false;
    }

    private int tag() throws IOException {
        readFully(4);
        return (u16(0) << 16) | u16(2);
    }

    private long u32read() throws IOException {
        readFully(4);
        return u32(0);
    }

    private int u16(int at) {
        int a = scratch[at] & 0xFF;
        int b = scratch[at + 1] & 0xFF;
        return bigEndian ? (a << 8) | b : (b << 8) | a;
    }

    private long u32(int at) {
        long lo = u16(bigEndian ? at + 2 : at);
        long hi = u16(bigEndian ? at : at + 2);
        return (hi << 16) | lo;
    }

    private void readFully(int n) throws IOException {
        int done = 0;
        while (done < n) {
            int r = in.read(scratch, done, n - done);
            if (r < 0) {
                throw new EOFException();
            }
            done += r;
        }
        position += n;
    }

    /**
     * Skips a value. A file's stream seeks; an inflated stream reads. Seeking cannot see the end of the
     * file, which is why every length is checked against the bytes that remain before it is skipped.
     */
    private void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            long r = in.skip(left);
            if (r <= 0) {
                if (in.read() < 0) {
                    throw new EOFException();
                }
                r = 1;
            }
            left -= r;
        }
        position += n;
    }

    private String describe(int tag, String vr) {
        return hex(tag) + (vr == null ? "" : " " + vr);
    }

    private static String hex(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }

    private static UnreadableDicomException malformed(String reason) {
        return new UnreadableDicomException("malformed DICOM, rejected before parsing: " + reason);
    }
}
