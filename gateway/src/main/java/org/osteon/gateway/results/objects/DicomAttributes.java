package org.osteon.gateway.results.objects;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.FloatSingleAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Small builders over PixelMed's attribute list, and the one way the objects are written to disk. */
final class DicomAttributes {

    /** The AE title in the meta header: who wrote the file. */
    static final String SOURCE_AE = "OSTEON";

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HHmmss.SSSSSS").withZone(ZoneOffset.UTC);

    private DicomAttributes() {}

    /** The tag of a keyword in PixelMed's dictionary; for keywords its TagFromName lacks. */
    static AttributeTag tag(String keyword) {
        AttributeTag tag = AttributeList.getDictionary().getTagFromName(keyword);
        if (tag == null) {
            throw new IllegalStateException("PixelMed's dictionary has no " + keyword);
        }
        return tag;
    }

    /** The attribute with the dictionary's VR and these values; no values leaves it empty (Type 2). */
    static Attribute put(AttributeList list, AttributeTag tag, String... values) throws DicomException {
        Attribute a = AttributeFactory.newAttribute(tag);
        for (String v : values) {
            a.addValue(v);
        }
        list.put(a);
        return a;
    }

    static Attribute put(AttributeList list, AttributeTag tag, int... values) throws DicomException {
        Attribute a = AttributeFactory.newAttribute(tag);
        for (int v : values) {
            a.addValue(v);
        }
        list.put(a);
        return a;
    }

    static Attribute putFloats(AttributeList list, AttributeTag tag, float... values) throws DicomException {
        Attribute a = new FloatSingleAttribute(tag);
        for (float v : values) {
            a.addValue(v);
        }
        list.put(a);
        return a;
    }

    static SequenceAttribute sequence(AttributeList list, AttributeTag tag) {
        SequenceAttribute s = new SequenceAttribute(tag);
        list.put(s);
        return s;
    }

    static AttributeList item(SequenceAttribute sequence) {
        AttributeList item = new AttributeList();
        sequence.addItem(item);
        return item;
    }

    /** A DICOM DA in UTC; the objects carry Timezone Offset From UTC +0000. */
    static String date(Instant instant) {
        return DATE.format(instant);
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /**
     * Osteon's own text, made safe for whatever character set the object declares: printable ASCII is the
     * one repertoire every Specific Character Set shares, so anything else becomes '?'.
     */
    static String ascii(String text, int maxLength) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(c -> b.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return b.length() > maxLength ? b.substring(0, maxLength) : b.toString();
    }

    /**
     * Writes {@code list} as a Part 10 file, explicit VR little endian, through a temporary file of its own
     * that is forced to disk and moved into place, so a reader never sees half an object. The meta header
     * holds only deterministic values, so the same list gives the same bytes. A file already there is the
     * same instance (its UID says so) and stands: a later decision for the same image never rewrites it,
     * so an announced claim check's digest stays true, as a PACS keeps the copy it stored first.
     */
    static void write(AttributeList list, Path file) throws IOException, DicomException {
        if (Files.exists(file)) {
            return;
        }
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, SOURCE_AE);
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                list.write(out, TransferSyntax.ExplicitVRLittleEndian, true, true);
            }
            // PixelMed closes the stream it wrote; fsync is the file's, so a second descriptor does it.
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
