package org.osteon.platform.dicom;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A cursor over DICOM bytes, from a byte array or a stream, that decodes element and item headers:
 * tag, VR (explicit, validated against PS3.5's list), the 2- or 4-byte length that VR implies, in
 * little or big endian. It keeps no value: it skips values, or hands them to an {@link ElementVisitor}
 * in place (a byte array) or in {@value #CHUNK}-byte pieces (a stream).
 *
 * <p>It never reads past its end: running out of bytes is a {@link MalformedDicomException} saying
 * "truncated" with the offset, never an {@link EOFException} or an index out of bounds. Reading a
 * header allocates nothing. Lengths are unsigned 32-bit values held in a long, so no sum of a position
 * and a length overflows.
 */
public final class DicomElementReader {

    /** The length 0xFFFFFFFF: the value ends with a delimiter. */
    public static final long UNDEFINED_LENGTH = 0xFFFFFFFFL;
    /** The end of a stream whose size is not known (an inflated one). */
    public static final long UNKNOWN_END = Long.MAX_VALUE;
    /** Largest piece of a value handed to {@link ElementVisitor#value} from a stream. */
    public static final int CHUNK = 8192;

    private final byte[] array;
    private final InputStream in;
    private final byte[] scratch;
    private final long end;
    private String where;
    private long position;
    private boolean bigEndian;

    // The header last read.
    private long headerAt;
    private int tag;
    private int vr;
    private long length;
    private boolean explicit;

    private DicomElementReader(byte[] array, InputStream in, long start, long end, String where) {
        this.array = array;
        this.in = in;
        this.scratch = in == null ? null : new byte[CHUNK];
        this.position = start;
        this.end = end;
        this.where = where;
    }

    /**
     * Reads {@code bytes} from {@code start}; positions are indexes into the array.
     *
     * @param where what the bytes are, for messages: "data set", "command set"
     */
    public static DicomElementReader of(byte[] bytes, int start, String where) {
        if (start < 0 || start > bytes.length) {
            throw new IllegalArgumentException("start " + start + " outside " + bytes.length + " bytes");
        }
        return new DicomElementReader(bytes, null, start, bytes.length, where);
    }

    /**
     * Reads {@code in}, which must support {@link InputStream#mark} (a {@link java.io.BufferedInputStream});
     * positions count from 0 where it stands now.
     *
     * @param size how many bytes it has, or {@link #UNKNOWN_END}; when known, no value is skipped or
     *     read past it, which matters for a file, whose stream skips past its end without complaint
     */
    public static DicomElementReader of(InputStream in, long size, String where) {
        if (!in.markSupported()) {
            throw new IllegalArgumentException("the stream must support mark and reset");
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        return new DicomElementReader(null, in, 0, size, where);
    }

    // ---- state

    /** Bytes read so far (array: the index of the next byte). */
    public long position() {
        return position;
    }

    /** Where the source ends, or {@link #UNKNOWN_END}. */
    public long end() {
        return end;
    }

    public boolean endKnown() {
        return end != UNKNOWN_END;
    }

    /** What is being read, for messages. */
    public String where() {
        return where;
    }

    public void where(String where) {
        this.where = where;
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    public void bigEndian(boolean bigEndian) {
        this.bigEndian = bigEndian;
    }

    /** Where the header last read starts. */
    public long headerAt() {
        return headerAt;
    }

    public int tag() {
        return tag;
    }

    /** The explicit VR, or in implicit VR what the visitor's dictionary said, else {@link Vr#NONE}. */
    public int vr() {
        return vr;
    }

    /** The value's length, or {@link #UNDEFINED_LENGTH}. */
    public long length() {
        return length;
    }

    public boolean undefinedLength() {
        return length == UNDEFINED_LENGTH;
    }

    /** Whether the header last read was in explicit VR. */
    public boolean explicit() {
        return explicit;
    }

    /** The header's tag and VR, as messages name an element: {@code (0010,0010) PN}. */
    public String describe() {
        return vr == Vr.NONE ? Tags.toString(tag) : Tags.toString(tag) + " " + Vr.name(vr);
    }

    void implicitVr(int vr) {
        this.vr = vr;
    }

    // ---- headers

    /** Reads {@code DICM} after the 128-byte preamble; false when those four bytes are something else. */
    public boolean readPart10Prefix() throws MalformedDicomException, IOException {
        skip(128);
        int at = take(4);
        byte[] b = buffer();
        return b[at] == 'D' && b[at + 1] == 'I' && b[at + 2] == 'C' && b[at + 3] == 'M';
    }

    /** Starts a header: reads its tag, the only part every header has. */
    public int readTag() throws MalformedDicomException, IOException {
        headerAt = position;
        vr = Vr.NONE;
        length = 0;
        int at = take(4);
        tag = u16(at) << 16 | u16(at + 2);
        return tag;
    }

    /** The tag ahead, without reading it. */
    public int peekTag() throws MalformedDicomException, IOException {
        if (array != null) {
            need(4);
            int at = (int) position;
            return u16(array, at) << 16 | u16(array, at + 2);
        }
        in.mark(4);
        readFully(4);
        in.reset();
        return u16(0) << 16 | u16(2);
    }

    /** Ends an item or delimiter header: its 4-byte length. */
    public long readItemLength() throws MalformedDicomException, IOException {
        explicit = false;
        length = u32(take(4));
        return length;
    }

    /**
     * Continues a data element's header: in explicit VR reads its VR, refused unless PS3.5 lists it; in
     * implicit VR reads nothing and returns {@link Vr#NONE}. {@link #readLength()} ends the header.
     */
    public int readVr(boolean explicit) throws MalformedDicomException, IOException {
        this.explicit = explicit;
        if (!explicit) {
            return Vr.NONE;
        }
        int at = take(2);
        byte[] b = buffer();
        vr = Vr.of(b[at], b[at + 1]);
        if (!Vr.isKnown(vr)) {
            throw new MalformedDicomException("invalid VR bytes 0x" + String.format("%02X%02X", b[at], b[at + 1])
                    + " for " + Tags.toString(tag) + " at byte " + headerAt);
        }
        return vr;
    }

    /** Ends a data element's header: the 4-byte length of implicit VR, or the 2- or 4-byte one the VR implies. */
    public long readLength() throws MalformedDicomException, IOException {
        if (!explicit) {
            length = u32(take(4));
        } else if (Vr.hasLongLength(vr)) {
            take(2);
            length = u32(take(4));
        } else {
            length = u16(take(2));
        }
        return length;
    }

    /** {@link #readVr} then {@link #readLength}. */
    public long readVrAndLength(boolean explicit) throws MalformedDicomException, IOException {
        readVr(explicit);
        return readLength();
    }

    // ---- values

    /** Skips {@code n} bytes; refuses to pass the end. */
    public void skip(long n) throws MalformedDicomException, IOException {
        if (n < 0) {
            throw new IllegalArgumentException("negative skip " + n);
        }
        need(n);
        if (in != null) {
            long left = n;
            try {
                while (left > 0) {
                    long r = in.skip(left);
                    if (r <= 0) {
                        if (in.read() < 0) {
                            throw truncated();
                        }
                        r = 1;
                    }
                    left -= r;
                }
            } catch (EOFException e) {
                throw truncated();
            }
        }
        position += n;
    }

    /** Hands the value of the header last read ({@link #length()} bytes, defined) to {@code visitor}. */
    public void readValue(ElementVisitor visitor) throws MalformedDicomException, IOException {
        if (length == UNDEFINED_LENGTH) {
            throw new IllegalStateException("no value to read: undefined length");
        }
        need(length);
        if (array != null) {
            int at = (int) position;
            position += length;
            visitor.value(this, array, at, (int) length);
            return;
        }
        long left = length;
        while (left > 0) {
            int n = (int) Math.min(left, CHUNK);
            readFully(n);
            position += n;
            left -= n;
            visitor.value(this, scratch, 0, n);
        }
    }

    /** Whether the source has no byte left. */
    public boolean atEnd() throws IOException, MalformedDicomException {
        if (end != UNKNOWN_END) {
            return position >= end;
        }
        try {
            in.mark(1);
            int b = in.read();
            if (b < 0) {
                return true;
            }
            in.reset();
            return false;
        } catch (EOFException e) {
            throw truncated();
        }
    }

    /** Running out of bytes, said as a refusal. */
    public MalformedDicomException truncated() {
        return new MalformedDicomException(
                "the " + where + " ends in the middle of an element at byte " + position + " (truncated)");
    }

    // ---- bytes

    /** Consumes {@code n} (at most {@link #CHUNK}) bytes; returns their index in {@link #buffer()}. */
    private int take(int n) throws MalformedDicomException, IOException {
        if (array != null) {
            need(n);
            int at = (int) position;
            position += n;
            return at;
        }
        readFully(n);
        position += n;
        return 0;
    }

    private byte[] buffer() {
        return array != null ? array : scratch;
    }

    private void need(long n) throws MalformedDicomException {
        if (end != UNKNOWN_END && n > end - position) {
            throw truncated();
        }
    }

    /** Fills the start of scratch from the stream, without moving {@link #position}. */
    private void readFully(int n) throws MalformedDicomException, IOException {
        need(n);
        int done = 0;
        try {
            while (done < n) {
                int r = in.read(scratch, done, n - done);
                if (r < 0) {
                    throw truncated();
                }
                done += r;
            }
        } catch (EOFException e) {
            // An inflater says so when its input ends before the deflated stream does.
            throw truncated();
        }
    }

    private int u16(int at) {
        return u16(buffer(), at);
    }

    private int u16(byte[] b, int at) {
        int x = b[at] & 0xFF;
        int y = b[at + 1] & 0xFF;
        return bigEndian ? x << 8 | y : y << 8 | x;
    }

    private long u32(int at) {
        byte[] b = buffer();
        long lo = u16(b, bigEndian ? at + 2 : at);
        long hi = u16(b, bigEndian ? at : at + 2);
        return hi << 16 | lo;
    }
}
