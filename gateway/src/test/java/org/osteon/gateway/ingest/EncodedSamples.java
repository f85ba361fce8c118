package org.osteon.gateway.ingest;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.osteon.gateway.scp.DcmtkPeer;

/**
 * A repository sample radiograph encoded by the real tools a PACS's objects come from: GDCM's gdcmconv
 * for JPEG 2000, dcmtk's dcmcjpls for JPEG-LS.
 */
enum EncodedSamples {
    J2K_LOSSLESS("1.2.840.10008.1.2.4.90", "-xv", true, "gdcmconv", "--j2k"),
    JLS_LOSSLESS("1.2.840.10008.1.2.4.80", "-xt", true, "dcmcjpls", "+el"),
    J2K_LOSSY("1.2.840.10008.1.2.4.91", "-xw", false, "gdcmconv", "--j2k", "--lossy", "-q", "30"),
    JLS_NEAR_LOSSLESS("1.2.840.10008.1.2.4.81", "-xu", false, "dcmcjpls", "+en");

    static final Path SAMPLE = Path.of("..", "samples", "radiographs", "01-normal-femur.dcm");

    final String transferSyntax;
    /** storescu's option proposing this syntax. */
    final String propose;

    final boolean lossless;
    private final List<String> encoder;

    EncodedSamples(String transferSyntax, String propose, boolean lossless, String... encoder) {
        this.transferSyntax = transferSyntax;
        this.propose = propose;
        this.lossless = lossless;
        this.encoder = List.of(encoder);
    }

    /** The sample encoded into {@code target}, checked to be in this syntax. */
    Path write(Path target) throws Exception {
        List<String> command = new ArrayList<>(encoder);
        command.addAll(List.of(SAMPLE.toString(), target.toString()));
        DcmtkPeer.run(command).ok();
        // PixelMed decodes neither syntax: the header up to the pixel data is all it can read.
        AttributeList header = new AttributeList();
        header.read(target.toFile(), TagFromName.PixelData);
        if (!transferSyntax.equals(header.get(TagFromName.TransferSyntaxUID).getSingleStringValueOrNull())) {
            throw new AssertionError(command + " did not write " + transferSyntax);
        }
        return target;
    }

    /** A copy of {@code encoded} with bytes inside its first pixel data fragment flipped. */
    static Path corrupt(Path encoded, Path target) throws Exception {
        byte[] bytes = Files.readAllBytes(encoded);
        int codestream = indexOf(bytes, new byte[] {(byte) 0xFF, (byte) 0xD8});
        int j2k = indexOf(bytes, new byte[] {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51});
        int start = j2k >= 0 ? j2k : codestream;
        if (start < 0) {
            throw new AssertionError("no codestream in " + encoded);
        }
        // Past the start marker, into the marker segments and the first scan: the decoder's work, not the
        // guard's. The last 16 bytes (the fragment's end, the sequence delimiter) stay intact.
        for (int i = start + 4; i < Math.min(bytes.length - 16, start + 400); i += 7) {
            bytes[i] ^= 0x5A;
        }
        return Files.write(target, bytes);
    }

    static int indexOf(byte[] bytes, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= bytes.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (bytes[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static AttributeList read(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toFile());
        return list;
    }

    /** The native pixel values of an uncompressed object. */
    static short[] pixels(Path file) throws Exception {
        Attribute pixels = read(file).get(TagFromName.PixelData);
        return pixels.getShortValues();
    }
}
