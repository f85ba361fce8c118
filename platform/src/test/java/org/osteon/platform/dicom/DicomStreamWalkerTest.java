package org.osteon.platform.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osteon.platform.dicom.ElementVisitor.Action;
import org.osteon.testsupport.dicom.MalformedDicom;

class DicomStreamWalkerTest {

    /** Both sources must read alike: the same events, the same refusals. */
    private static final List<Function<byte[], DicomElementReader>> SOURCES = List.of(
            bytes -> DicomElementReader.of(bytes, 0, "data set"),
            bytes -> DicomElementReader.of(
                    new BufferedInputStream(new ByteArrayInputStream(bytes)), bytes.length, "data set"),
            bytes -> DicomElementReader.of(
                    new BufferedInputStream(new ByteArrayInputStream(bytes)),
                    DicomElementReader.UNKNOWN_END,
                    "data set"));

    @Test
    void shouldReadExplicitVrShortAndLongHeaders() throws Exception {
        byte[] data = concat(
                explicit(0x00100010, "PN", ascii("DOE^JANE")),
                explicit(0x00280010, "US", le16(512)),
                explicit(0x00091001, "OB", new byte[] {1, 2, 3, 4}),
                explicit(0x00091002, "OW", new byte[6]),
                explicit(0x00091003, "UN", new byte[2]),
                explicit(0x00091004, "UT", ascii("long text ")),
                explicit(0x00091005, "UC", ascii("ab")),
                explicit(0x00091006, "UR", ascii("http://x/ ")),
                explicit(0x00091007, "OD", new byte[8]),
                explicit(0x00091008, "OL", new byte[4]),
                explicit(0x00091009, "OV", new byte[8]),
                explicit(0x0009100A, "SV", new byte[8]),
                explicit(0x0009100B, "UV", new byte[8]),
                explicit(0x0009100C, "OF", new byte[4]),
                explicit(0x0009100D, "SQ", new byte[0]));
        for (Function<byte[], DicomElementReader> source : SOURCES) {
            Recorder recorder = new Recorder();
            recorder.read = 0x00100010;

            walk(source.apply(data), recorder, true, 8);

            assertThat(recorder.events)
                    .containsExactly(
                            "(0010,0010) PN 8 @0 depth 0",
                            "value DOE^JANE",
                            "(0028,0010) US 2 @16 depth 0",
                            "(0009,1001) OB 4 @26 depth 0",
                            "(0009,1002) OW 6 @42 depth 0",
                            "(0009,1003) UN 2 @60 depth 0",
                            "(0009,1004) UT 10 @74 depth 0",
                            "(0009,1005) UC 2 @96 depth 0",
                            "(0009,1006) UR 10 @110 depth 0",
                            "(0009,1007) OD 8 @132 depth 0",
                            "(0009,1008) OL 4 @152 depth 0",
                            "(0009,1009) OV 8 @168 depth 0",
                            "(0009,100A) SV 8 @188 depth 0",
                            "(0009,100B) UV 8 @208 depth 0",
                            "(0009,100C) OF 4 @228 depth 0",
                            "(0009,100D) SQ 0 @244 depth 0");
        }
    }

    @Test
    void shouldReadImplicitVrWithTheVisitorsDictionary() throws Exception {
        byte[] data = concat(implicit(0x00100010, ascii("DOE^JANE")), implicit(0x00280010, le16(512)));
        for (Function<byte[], DicomElementReader> source : SOURCES) {
            Recorder recorder = new Recorder();
            recorder.dictionary = tag -> tag == 0x00100010 ? Vr.PN : Vr.NONE;

            walk(source.apply(data), recorder, false, 8);

            assertThat(recorder.events).containsExactly("(0010,0010) PN 8 @0 depth 0", "(0028,0010) 2 @16 depth 0");
        }
    }

    @Test
    void shouldReadBigEndian() throws Exception {
        byte[] data = {0x00, 0x28, 0x00, 0x10, 'U', 'S', 0x00, 0x02, 0x02, 0x00};
        DicomElementReader reader = DicomElementReader.of(data, 0, "data set");
        reader.bigEndian(true);
        Recorder recorder = new Recorder();

        new DicomStreamWalker(reader, 8, Long.MAX_VALUE).dataSet(recorder, true);

        assertThat(recorder.events).containsExactly("(0028,0010) US 2 @0 depth 0");
    }

    @Test
    void shouldWalkUndefinedLengthSequencesItemsAndDelimiters() throws Exception {
        byte[] data = concat(
                explicitHeader(0x00081140, "SQ", -1),
                item(-1),
                explicit(0x00081155, "UI", ascii("1.2.3 ")),
                explicitHeader(0x0040A170, "SQ", -1),
                item(-1),
                explicit(0x00080100, "SH", ascii("CODE")),
                itemEnd(),
                sequenceEnd(),
                itemEnd(),
                item(10),
                explicit(0x00280010, "US", le16(9)),
                sequenceEnd(),
                explicit(0x00280011, "US", le16(4)));
        for (Function<byte[], DicomElementReader> source : SOURCES) {
            Recorder recorder = new Recorder();

            walk(source.apply(data), recorder, true, 2);

            assertThat(recorder.events)
                    .containsExactly(
                            "(0008,1140) SQ -1 @0 depth 0",
                            "item -1 depth 1",
                            "(0008,1155) UI 6 @20 depth 1",
                            "(0040,A170) SQ -1 @34 depth 1",
                            "item -1 depth 2",
                            "(0008,0100) SH 4 @54 depth 2",
                            "item 10 depth 1",
                            "(0028,0010) US 2 @98 depth 1",
                            "(0028,0011) US 2 @116 depth 0");
        }
    }

    @Test
    void shouldWalkAnUndefinedLengthUnSequenceInImplicitVr() throws Exception {
        byte[] data = concat(
                explicitHeader(0x00091010, "UN", -1),
                item(-1),
                implicit(0x00091011, new byte[2]),
                itemEnd(),
                sequenceEnd(),
                explicit(0x00280010, "US", le16(1)));
        Recorder recorder = new Recorder();
        recorder.standard = true;

        walk(DicomElementReader.of(data, 0, "data set"), recorder, true, 1);

        assertThat(recorder.events)
                .containsExactly(
                        "(0009,1010) UN -1 @0 depth 0",
                        "item -1 depth 1",
                        "(0009,1011) 2 @20 depth 1",
                        "(0028,0010) US 2 @46 depth 0");
    }

    @Test
    void shouldWalkEncapsulatedFragments() throws Exception {
        byte[] data = concat(explicitHeader(Tags.PIXEL_DATA, "OB", -1), item(0), item(4), new byte[4], sequenceEnd());
        Recorder recorder = new Recorder();
        recorder.standard = true;

        walk(DicomElementReader.of(data, 0, "data set"), recorder, true, 1);

        assertThat(recorder.events).containsExactly("(7FE0,0010) OB -1 @0 depth 0", "fragment 0", "fragment 4");
    }

    @Test
    void shouldRefuseAnUndefinedLengthFragment() {
        byte[] data = concat(explicitHeader(Tags.PIXEL_DATA, "OB", -1), item(0), item(-1));
        Recorder recorder = new Recorder();
        recorder.standard = true;

        assertThatThrownBy(() -> walk(DicomElementReader.of(data, 0, "data set"), recorder, true, 1))
                .isInstanceOf(MalformedDicomException.class)
                .hasMessage("encapsulated pixel data at byte 0 has (FFFE,E000) of undefined length at byte 20 where a"
                        + " fragment belongs");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 32})
    void shouldAcceptNestingExactlyAtTheLimitAndRefuseOneLevelMore(int limit) throws Exception {
        for (Function<byte[], DicomElementReader> source : SOURCES) {
            walk(source.apply(nested(limit)), new Recorder(), true, limit);

            assertThatThrownBy(() -> walk(source.apply(nested(limit + 1)), new Recorder(), true, limit))
                    .isInstanceOf(MalformedDicomException.class)
                    .hasMessage("sequences nested deeper than " + limit + " levels at (0009,1010), byte " + 20 * limit);
        }
    }

    @Test
    void shouldRefuseDeepNestingWithoutOverflowingTheStack() {
        assertThatThrownBy(() -> walk(DicomElementReader.of(nested(100_000), 0, "data set"), new Recorder(), true, 32))
                .isInstanceOf(MalformedDicomException.class)
                .hasMessageContaining("nested deeper than 32 levels");
    }

    @Test
    void shouldRefuseTruncatedInputAsMalformedNotAsEof() {
        byte[] data = concat(explicit(0x00100010, "PN", ascii("DOE^JANE")), explicit(0x00280010, "US", le16(2)));
        for (int cut : new int[] {3, 5, 7, 17, 23, 25}) {
            byte[] truncated = Arrays.copyOf(data, cut);
            for (Function<byte[], DicomElementReader> source : SOURCES) {
                assertThatThrownBy(() -> walk(source.apply(truncated), new Recorder(), true, 1))
                        .as("cut at %d", cut)
                        .isInstanceOf(MalformedDicomException.class)
                        .hasMessageMatching(
                                "(the data set ends in the middle of an element at byte \\d+ \\(truncated\\)"
                                        + "|.* declares \\d+ bytes, but only \\d+ remain in the data set)");
            }
        }
        byte[] headerCut = Arrays.copyOf(data, 19);
        assertThatThrownBy(() -> walk(DicomElementReader.of(headerCut, 0, "data set"), new Recorder(), true, 1))
                .hasMessage("the data set ends in the middle of an element at byte 16 (truncated)");
    }

    @Test
    void shouldRefuseALengthLargerThanWhatRemains() {
        byte[] data = concat(explicitHeader(0x7FE00010, "OW", 0xFFFFFFF0), new byte[10]);
        for (Function<byte[], DicomElementReader> source : SOURCES.subList(0, 2)) {
            assertThatThrownBy(() -> walk(source.apply(data), new Recorder(), true, 1))
                    .isInstanceOf(MalformedDicomException.class)
                    .hasMessage(
                            "(7FE0,0010) OW at byte 0 declares 4294967280 bytes, but only 10 remain in the data set");
        }
        // A stream of unknown size runs out instead, and says so.
        assertThatThrownBy(() -> walk(SOURCES.get(2).apply(data), new Recorder(), true, 1))
                .isInstanceOf(MalformedDicomException.class)
                .hasMessageContaining("(truncated)");
    }

    @Test
    void shouldRefuseALengthOverTheCallersLimitBeforeAnythingElse() {
        byte[] data = concat(explicitHeader(0x7FE00010, "OW", 0xFFFFFFF0), new byte[10]);

        assertThatThrownBy(() -> walk(DicomElementReader.of(data, 0, "data set"), new Recorder(), true, 1, 256))
                .hasMessage(
                        "(7FE0,0010) OW at byte 0 declares 4294967280 bytes, more than the 256 allowed for one value");
    }

    @Test
    void shouldRefuseAnItemLongerThanItsSequence() {
        byte[] data = concat(
                explicitHeader(0x00091010, "SQ", 8 + 4), item(100), new byte[4], explicit(0x00280010, "US", le16(1)));

        assertThatThrownBy(() -> walk(DicomElementReader.of(data, 0, "data set"), new Recorder(), true, 1))
                .hasMessage(
                        "item of (0009,1010) at byte 12 declares 100 bytes, but only 4 remain in the enclosing item");
    }

    @Test
    void shouldRefuseItemsAndDelimitersOutOfPlace() {
        assertThatThrownBy(() -> walk(DicomElementReader.of(item(0), 0, "data set"), new Recorder(), true, 1))
                .hasMessage("item or delimiter (FFFE,E000) out of place at byte 0");
        byte[] notAnItem = concat(explicitHeader(0x00091010, "SQ", -1), explicit(0x00280010, "US", le16(1)));
        assertThatThrownBy(() -> walk(DicomElementReader.of(notAnItem, 0, "data set"), new Recorder(), true, 1))
                .hasMessage("expected an item in sequence (0009,1010) at byte 12, found (0028,0010)");
        byte[] longDelimiter = concat(explicitHeader(0x00091010, "SQ", -1), le32(Tags.SEQUENCE_DELIMITATION, 4));
        assertThatThrownBy(() -> walk(DicomElementReader.of(longDelimiter, 0, "data set"), new Recorder(), true, 1))
                .hasMessage("sequence delimitation item with a non-zero length at byte 12");
    }

    @Test
    void shouldRefuseUnknownVrsAndUndefinedLengthsWhereNotAllowed() {
        byte[] zz = explicit(0x00100010, "ZZ", new byte[0]);
        assertThatThrownBy(() -> walk(DicomElementReader.of(zz, 0, "data set"), new Recorder(), true, 1))
                .hasMessage("invalid VR bytes 0x5A5A for (0010,0010) at byte 0");
        byte[] undefinedText = explicitHeader(0x00100010, "UT", -1);
        Recorder recorder = new Recorder();
        recorder.standard = true;
        assertThatThrownBy(() -> walk(DicomElementReader.of(undefinedText, 0, "data set"), recorder, true, 1))
                .hasMessage("undefined length is not allowed for (0010,0010) UT at byte 0");
    }

    @Test
    void shouldAskAboutAnExplicitVrBeforeCheckingItsLength() {
        byte[] data = explicitHeader(0x00100010, "US", 0xFFFE);
        ElementVisitor dictionary = new ElementVisitor() {
            @Override
            public void explicitVr(DicomElementReader r) throws MalformedDicomException {
                throw new MalformedDicomException(r.describe() + " where the standard says PN");
            }

            @Override
            public Action element(DicomElementReader r, int depth) {
                return Action.SKIP;
            }
        };

        assertThatThrownBy(() -> walk(DicomElementReader.of(data, 0, "data set"), dictionary, true, 1))
                .hasMessage("(0010,0010) US where the standard says PN");
    }

    @Test
    void shouldStopWhereTheVisitorSaysAndLeaveTheValueInPlace() throws Exception {
        byte[] data = concat(explicit(0x00280010, "US", le16(2)), explicit(Tags.PIXEL_DATA, "OW", new byte[] {7, 0}));
        DicomElementReader reader = DicomElementReader.of(data, 0, "data set");
        ElementVisitor stopAtPixels = (r, depth) -> r.tag() == Tags.PIXEL_DATA ? Action.STOP : Action.SKIP;

        boolean stopped = new DicomStreamWalker(reader, 1, Long.MAX_VALUE).dataSet(stopAtPixels, true);

        assertThat(stopped).isTrue();
        assertThat(reader.position()).isEqualTo(22);
        assertThat(data[(int) reader.position()]).isEqualTo((byte) 7);
    }

    @Test
    void shouldReadThePart10PrefixAndTheFileMetaInformation() throws Exception {
        byte[] file = concat(
                new byte[128],
                ascii("DICM"),
                explicit(0x00020000, "UL", le32(0, 18).clone()),
                explicit(0x00020010, "UI", ascii("1.2.840.10008.1.2\0")),
                implicit(0x00280010, le16(3)));
        for (Function<byte[], DicomElementReader> source : SOURCES) {
            DicomElementReader reader = source.apply(file);
            assertThat(reader.readPart10Prefix()).isTrue();
            Recorder recorder = new Recorder();
            recorder.read = Tags.TRANSFER_SYNTAX_UID;
            DicomStreamWalker walker = new DicomStreamWalker(reader, 1, Long.MAX_VALUE);

            walker.fileMeta(recorder);
            walker.dataSet(recorder, false);

            assertThat(recorder.events)
                    .containsExactly(
                            "(0002,0000) UL 4 @132 depth 0",
                            "(0002,0010) UI 18 @144 depth 0",
                            "value 1.2.840.10008.1.2\0",
                            "(0028,0010) 2 @170 depth 0");
        }
        assertThat(DicomElementReader.of(new byte[132], 0, "file").readPart10Prefix())
                .isFalse();
        assertThatThrownBy(() -> DicomElementReader.of(new byte[131], 0, "file").readPart10Prefix())
                .isInstanceOf(MalformedDicomException.class)
                .hasMessageContaining("(truncated)");
    }

    @Test
    void shouldHandLongValuesFromAStreamInChunks() throws Exception {
        byte[] text = new byte[DicomElementReader.CHUNK * 2 + 10];
        Arrays.fill(text, (byte) '\\');
        byte[] data = explicit(0x00091004, "UT", text);
        int[] backslashes = {0};
        ElementVisitor counter = new ElementVisitor() {
            @Override
            public Action element(DicomElementReader r, int depth) {
                return Action.READ;
            }

            @Override
            public void value(DicomElementReader r, byte[] bytes, int offset, int count) {
                assertThat(count).isLessThanOrEqualTo(DicomElementReader.CHUNK);
                for (int i = offset; i < offset + count; i++) {
                    backslashes[0] += bytes[i] == '\\' ? 1 : 0;
                }
            }
        };

        walk(SOURCES.get(2).apply(data), counter, true, 1);

        assertThat(backslashes[0]).isEqualTo(text.length);
    }

    // ---- helpers

    private static void walk(DicomElementReader reader, ElementVisitor visitor, boolean explicit, int maxDepth)
            throws MalformedDicomException, IOException {
        walk(reader, visitor, explicit, maxDepth, Long.MAX_VALUE);
    }

    private static void walk(
            DicomElementReader reader, ElementVisitor visitor, boolean explicit, int maxDepth, long maxValue)
            throws MalformedDicomException, IOException {
        new DicomStreamWalker(reader, maxDepth, maxValue).dataSet(visitor, explicit);
    }

    /** Records what the walker reports; walks every SQ and undefined length, reads the tag asked for. */
    private static final class Recorder implements ElementVisitor {
        final List<String> events = new ArrayList<>();
        int read = -1;
        boolean standard;
        java.util.function.IntUnaryOperator dictionary = tag -> Vr.NONE;

        @Override
        public Action element(DicomElementReader r, int depth) {
            events.add(r.describe() + " " + (r.undefinedLength() ? -1 : r.length()) + " @" + r.headerAt() + " depth "
                    + depth);
            if (standard) {
                return Action.STANDARD;
            }
            if (r.undefinedLength() || r.vr() == Vr.SQ) {
                return Action.SEQUENCE;
            }
            return r.tag() == read ? Action.READ : Action.SKIP;
        }

        @Override
        public void value(DicomElementReader r, byte[] bytes, int offset, int count) {
            events.add("value " + new String(bytes, offset, count, StandardCharsets.ISO_8859_1));
        }

        @Override
        public boolean item(DicomElementReader r, int depth) {
            events.add("item " + (r.undefinedLength() ? -1 : r.length()) + " depth " + depth);
            return true;
        }

        @Override
        public void fragment(DicomElementReader r) {
            events.add("fragment " + r.length());
        }

        @Override
        public int implicitVr(int tag) {
            return dictionary.applyAsInt(tag);
        }
    }

    /** Sequences nested {@code depth} deep (the guard's test objects use the same), then one element after them. */
    private static byte[] nested(int depth) {
        return concat(MalformedDicom.nestedSequences(depth), explicit(0x00280010, "US", le16(1)));
    }

    static byte[] explicit(int tag, String vr, byte[] value) {
        return concat(explicitHeader(tag, vr, value.length), value);
    }

    static byte[] explicitHeader(int tag, String vr, int length) {
        boolean longForm = Vr.hasLongLength(Vr.of(vr));
        ByteBuffer b = ByteBuffer.allocate(longForm ? 12 : 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) (tag >>> 16))
                .putShort((short) tag)
                .put((byte) vr.charAt(0))
                .put((byte) vr.charAt(1));
        if (longForm) {
            b.putShort((short) 0).putInt(length);
        } else {
            b.putShort((short) length);
        }
        return b.array();
    }

    static byte[] implicit(int tag, byte[] value) {
        return concat(le32(tag, value.length), value);
    }

    static byte[] item(int length) {
        return le32(Tags.ITEM, length);
    }

    static byte[] itemEnd() {
        return le32(Tags.ITEM_DELIMITATION, 0);
    }

    static byte[] sequenceEnd() {
        return le32(Tags.SEQUENCE_DELIMITATION, 0);
    }

    /** A tag and a 4-byte length; with tag 0 in the tests' meta, a UL value and 4 spare bytes. */
    static byte[] le32(int tag, int length) {
        if (tag == 0) {
            return ByteBuffer.allocate(4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(length)
                    .array();
        }
        return ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) (tag >>> 16))
                .putShort((short) tag)
                .putInt(length)
                .array();
    }

    static byte[] le16(int value) {
        return ByteBuffer.allocate(2)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) value)
                .array();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
