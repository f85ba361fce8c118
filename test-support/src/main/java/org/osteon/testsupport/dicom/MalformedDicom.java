package org.osteon.testsupport.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TransferSyntax;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Broken and hostile DICOM objects, each made by byte surgery on a valid {@link TestDicom} radiograph,
 * with a fragment of the reason the guard must give. Shared by the guard's table test, the topology
 * test and the fuzz test's seed corpus.
 */
public final class MalformedDicom {

    /** One case: its name, its bytes, and a pattern its rejection reason must contain. */
    public record Case(String name, byte[] bytes, String reason) {

        /** A case whose reason must contain {@code words} literally. */
        static Case of(String name, byte[] bytes, String words) {
            return new Case(name, bytes, java.util.regex.Pattern.quote(words));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final int PIXEL_DATA_GROUP = 0x7FE0;

    private MalformedDicom() {}

    /** A valid radiograph in explicit VR little endian, as the gateway would store it. */
    public static byte[] radiograph(Path dir) throws Exception {
        return Files.readAllBytes(TestDicom.writeRadiograph(
                Files.createTempFile(dir, "valid", ".dcm"), "1.2.826.0.1.3680043.9.7777.90.1"));
    }

    /** The same radiograph in another transfer syntax. */
    public static byte[] radiograph(Path dir, String transferSyntax) throws Exception {
        AttributeList list = TestDicom.radiograph("1.2.826.0.1.3680043.9.7777.90.2");
        FileMetaInformation.addFileMetaInformation(list, transferSyntax, "TESTSCU");
        Path file = Files.createTempFile(dir, "ts", ".dcm");
        list.write(file.toFile(), transferSyntax, true, true);
        return Files.readAllBytes(file);
    }

    /** Every case except the deflate bomb, which is large to build: see {@link #deflateBomb()}. */
    public static List<Case> cases(Path dir) throws Exception {
        byte[] valid = radiograph(dir);
        byte[] implicit = radiograph(dir, TransferSyntax.ImplicitVRLittleEndian);
        int pixels = find(valid, PIXEL_DATA_GROUP, 0x0010, "OW");
        int patientName = find(valid, 0x0010, 0x0010, "PN");
        int request = find(valid, 0x0040, 0x0275, "SQ");
        int transferSyntax = find(valid, 0x0002, 0x0010, "UI");
        int rows = find(valid, 0x0028, 0x0010, "US");
        int groupLength = find(valid, 0x0002, 0x0000, "UL");
        int implicitName = findImplicit(implicit, 0x0010, 0x0010, TestDicom.PATIENT_NAME);
        int implicitId = findImplicit(implicit, 0x0010, 0x0020, "PID-90210-X");

        List<Case> cases = new ArrayList<>();
        cases.add(Case.of("zero-byte file", new byte[0], "empty"));
        cases.add(Case.of(
                "a short text file",
                "this is not a DICOM object".getBytes(StandardCharsets.US_ASCII),
                "not a DICOM Part 10 file"));
        cases.add(Case.of(
                "text without DICM", "not DICOM ".repeat(40).getBytes(StandardCharsets.US_ASCII), "no DICM prefix"));
        cases.add(Case.of("truncated in the preamble", Arrays.copyOf(valid, 64), "not a DICOM Part 10 file"));
        cases.add(new Case(
                "truncated in the file meta information",
                Arrays.copyOf(valid, transferSyntax + 6),
                "(truncated|remain)"));
        cases.add(new Case("truncated inside a sequence", Arrays.copyOf(valid, request + 30), "(truncated|remain)"));
        cases.add(Case.of("truncated inside the pixel data", Arrays.copyOf(valid, valid.length - 100), "remain"));
        cases.add(Case.of("truncated by one byte", Arrays.copyOf(valid, valid.length - 1), "remain"));
        cases.add(Case.of(
                "pixel data length beyond the file",
                patch32(valid, pixels + 8, valid.length - (pixels + 12) + 2),
                "but only"));
        cases.add(Case.of("a 2-byte length beyond the file", patch16(valid, patientName + 6, 0xFFFF), "but only"));
        cases.add(Case.of("pixel data length 0xFFFFFFF0", patch32(valid, pixels + 8, 0xFFFFFFF0L), "4294967280 bytes"));
        cases.add(Case.of(
                "implicit VR length 0xFFFFFFF0", patch32(implicit, implicitName + 4, 0xFFFFFFF0L), "4294967280 bytes"));
        cases.add(Case.of(
                "undefined length on a text element",
                patch32(implicit, implicitId + 4, 0xFFFFFFFFL),
                "undefined length is not allowed for (0010,0020) LO"));
        cases.add(Case.of(
                "sequences nested 200 deep", insert(valid, pixels, nestedSequences(200)), "nested deeper than"));
        cases.add(Case.of(
                "sequences nested 5000 deep", insert(valid, pixels, nestedSequences(5000)), "nested deeper than"));
        cases.add(nestedDeep(dir, 10_000));
        cases.add(Case.of("invalid VR bytes", patchAscii(valid, patientName + 4, "ZZ"), "invalid VR bytes 0x5A5A"));
        cases.add(Case.of("NUL VR bytes", patchAscii(valid, patientName + 4, "\0\0"), "invalid VR bytes 0x0000"));
        cases.add(Case.of(
                "person name under a US VR",
                patchAscii(valid, patientName + 4, "US"),
                "(0010,0010) at byte " + patientName + " has VR US where the standard says PN"));
        cases.add(Case.of("odd length for a US value", patch16(valid, rows + 6, 3), "not a multiple of 2"));
        cases.add(Case.of(
                "an item outside any sequence",
                insert(
                        valid,
                        pixels,
                        le(
                                8,
                                b -> b.putShort((short) 0xFFFE)
                                        .putShort((short) 0xE000)
                                        .putInt(0))),
                "(FFFE,E000) out of place"));
        cases.add(Case.of(
                "a sequence delimiter outside any sequence",
                insert(
                        valid,
                        pixels,
                        le(
                                8,
                                b -> b.putShort((short) 0xFFFE)
                                        .putShort((short) 0xE0DD)
                                        .putInt(0))),
                "(FFFE,E0DD) out of place"));
        cases.add(Case.of(
                "a lying file meta group length",
                patch32(valid, groupLength + 8, u32(valid, groupLength + 8) + 8),
                "Group Length says"));
        cases.add(Case.of(
                "300 000 values in one string",
                insert(valid, pixels, manyValues(300_000)),
                "more than 250000 elements"));
        return cases;
    }

    /** A valid radiograph with private sequences nested {@code depth} deep before its pixel data. */
    public static Case nestedDeep(Path dir, int depth) throws Exception {
        byte[] valid = radiograph(dir);
        return Case.of(
                "sequences nested " + depth + " deep",
                insert(valid, find(valid, PIXEL_DATA_GROUP, 0x0010, "OW"), nestedSequences(depth)),
                "nested deeper than");
    }

    /** The data set of a Part 10 file: what a C-STORE carries, without preamble and file meta information. */
    public static byte[] dataSet(byte[] part10) {
        int groupLength = find(part10, 0x0002, 0x0000, "UL");
        return Arrays.copyOfRange(part10, (int) (groupLength + 12 + u32(part10, groupLength + 8)), part10.length);
    }

    /**
     * A deflated data set whose private bytes inflate to 16 MiB from about 16 KB: within the object
     * limit, but a thousand times its compressed size.
     */
    public static Case deflateRatioBomb() {
        return Case.of("deflate bomb within the object limit", deflatedZeros(1, 16), "more than 100 times");
    }

    /**
     * A deflated data set whose private bytes inflate to 300 MiB from about 300 KB, more than the
     * 256 MiB allowed for one object.
     */
    public static Case deflateBomb() {
        return Case.of("deflate bomb", deflatedZeros(3, 100), "inflates past");
    }

    /** A deflated radiograph header followed by {@code elements} private OB values of {@code mib} MiB of zeros. */
    private static byte[] deflatedZeros(int elements, int mib) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        explicit(meta, 0x0002, 0x0010, "UI", padded(TransferSyntax.DeflatedExplicitVRLittleEndian));
        explicit(out, 0x0002, 0x0000, "UL", le(4, b -> b.putInt(meta.size())));
        out.writeBytes(meta.toByteArray());

        // Chunks compressed alone and ended by a full flush are independent deflate blocks, so one
        // compressed MiB of zeros repeated is 100 MiB inflated, without compressing 300 MiB here.
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        explicit(head, 0x0008, 0x0016, "UI", padded(TestDicom.CR));
        explicit(head, 0x0009, 0x0010, "LO", padded("BOMB"));
        compressed.writeBytes(deflated(head.toByteArray(), false));
        byte[] header = deflated(
                le(
                        12,
                        b -> b.putShort((short) 0x0009)
                                .putShort((short) 0x1000)
                                .put((byte) 'O')
                                .put((byte) 'B')
                                .putShort((short) 0)
                                .putInt(mib << 20)),
                false);
        byte[] mebibyte = deflated(new byte[1 << 20], false);
        for (int element = 0; element < elements; element++) {
            compressed.writeBytes(header);
            for (int i = 0; i < mib; i++) {
                compressed.writeBytes(mebibyte);
            }
        }
        compressed.writeBytes(deflated(new byte[0], true));
        out.writeBytes(compressed.toByteArray());
        return out.toByteArray();
    }

    /** Raw deflate blocks for {@code input} alone: byte-aligned and flushed, or the final block. */
    private static byte[] deflated(byte[] input, boolean last) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        deflater.setInput(input);
        if (last) {
            deflater.finish();
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        } else {
            int n;
            do {
                n = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
                out.write(buffer, 0, n);
            } while (n == buffer.length);
        }
        deflater.end();
        return out.toByteArray();
    }

    /** Private sequences, each in the single item of the one before, all of undefined length. */
    public static byte[] nestedSequences(int depth) {
        ByteBuffer b = ByteBuffer.allocate(depth * 36).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < depth; i++) {
            b.putShort((short) 0x0009)
                    .putShort((short) 0x1010)
                    .put((byte) 'S')
                    .put((byte) 'Q')
                    .putShort((short) 0)
                    .putInt(-1);
            b.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(-1);
        }
        for (int i = 0; i < depth; i++) {
            b.putShort((short) 0xFFFE).putShort((short) 0xE00D).putInt(0);
            b.putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0);
        }
        return b.array();
    }

    /** A private UT of backslashes: each separates a value that PixelMed would make a String of. */
    private static byte[] manyValues(int values) {
        byte[] text = new byte[values - 1];
        Arrays.fill(text, (byte) '\\');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        explicit(out, 0x0009, 0x1002, "UT", text.length % 2 == 0 ? text : Arrays.copyOf(text, text.length + 1));
        return out.toByteArray();
    }

    public static void explicit(ByteArrayOutputStream out, int group, int element, String vr, byte[] value) {
        // PS3.5 7.1.2: the VRs with a 4-byte length after two reserved bytes.
        boolean longForm = List.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV")
                .contains(vr);
        out.writeBytes(le(4, b -> b.putShort((short) group).putShort((short) element)));
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(
                longForm
                        ? le(6, b -> b.putShort((short) 0).putInt(value.length))
                        : le(2, b -> b.putShort((short) value.length)));
        out.writeBytes(value);
    }

    private static byte[] padded(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        return bytes.length % 2 == 0 ? bytes : Arrays.copyOf(bytes, bytes.length + 1);
    }

    /** Offset of an explicit VR little endian element's tag. */
    public static int find(byte[] bytes, int group, int element, String vr) {
        byte[] pattern = le(
                6,
                b -> b.putShort((short) group)
                        .putShort((short) element)
                        .put((byte) vr.charAt(0))
                        .put((byte) vr.charAt(1)));
        return indexOf(bytes, pattern, 132);
    }

    /** Offset of an implicit VR little endian element's tag, found by its value: tag bytes alone also occur inside values. */
    private static int findImplicit(byte[] bytes, int group, int element, String value) {
        int at = indexOf(bytes, value.getBytes(StandardCharsets.UTF_8), 132) - 8;
        byte[] tag = le(4, b -> b.putShort((short) group).putShort((short) element));
        if (!Arrays.equals(Arrays.copyOfRange(bytes, at, at + 4), tag)) {
            throw new IllegalStateException("implicit VR test object lacks the element to patch");
        }
        return at;
    }

    private static int indexOf(byte[] bytes, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= bytes.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("test object lacks the element to patch");
    }

    private static long u32(byte[] bytes, int at) {
        return ByteBuffer.wrap(bytes, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
    }

    private static byte[] patch32(byte[] bytes, int at, long value) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(at, (int) value);
        return copy;
    }

    private static byte[] patch16(byte[] bytes, int at, int value) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) value);
        return copy;
    }

    private static byte[] patchAscii(byte[] bytes, int at, String text) {
        byte[] copy = bytes.clone();
        byte[] ascii = text.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(ascii, 0, copy, at, ascii.length);
        return copy;
    }

    private static byte[] insert(byte[] bytes, int at, byte[] inserted) {
        byte[] copy = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, copy, 0, at);
        System.arraycopy(inserted, 0, copy, at, inserted.length);
        System.arraycopy(bytes, at, copy, at + inserted.length, bytes.length - at);
        return copy;
    }

    public static byte[] le(int size, java.util.function.Consumer<ByteBuffer> fill) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        fill.accept(b);
        return b.array();
    }
}
