package org.osteon.gateway.scp;

import com.pixelmed.dicom.SOPClass;
import com.pixelmed.network.PresentationContext;
import com.pixelmed.network.PresentationContextSelectionPolicy;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.osteon.platform.dicom.DicomInputGuard;
import org.osteon.platform.dicom.DicomLimits;
import org.osteon.platform.dicom.DicomObjects;
import org.osteon.platform.dicom.UnreadableDicomException;

/**
 * Which presentation contexts the gateway accepts: Verification and every Storage SOP Class, each in
 * one transfer syntax that PixelMed (with Debian's libpixelmed-imageio-java for JPEG lossless and
 * 12-bit JPEG) decodes, or that ingest decodes on receipt with GDCM's gdcmconv (JPEG 2000 and JPEG-LS,
 * see {@link org.osteon.gateway.ingest.Transcoder}): a PACS forwards an object in the syntax it was
 * archived in, and refusing that syntax keeps the study from triage altogether. Radiographs are what Osteon scores; other storage classes are still taken in
 * so that de-identification records them as not eligible instead of a PACS seeing a refusal.
 */
public final class AcceptedSyntaxes implements PresentationContextSelectionPolicy {

    private static final Logger LOG = Logger.getLogger(AcceptedSyntaxes.class);

    /** PS3.8 Table 9-18: presentation context results. */
    private static final byte ACCEPTANCE = 0;

    private static final byte ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    private static final byte TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    /**
     * Decodable transfer syntaxes, most preferred first: those stored as sent before those decoded on
     * receipt, lossless before lossy. Lossless compression PixelMed decodes first, so that an object is
     * stored as the sender compressed it (scoring decodes it); then uncompressed, explicit before
     * implicit VR; then JPEG 2000 lossless and JPEG-LS lossless, which ingest transcodes, chosen only
     * when the sender offers nothing stored as sent; lossy JPEG, JPEG 2000 (which may be lossy) and
     * JPEG-LS near-lossless last, so that offering them next to an uncompressed syntax never makes a
     * sender compress a radiograph, least of all lossily, for us. A sender with a lossy object
     * proposes only its syntax.
     */
    public static final Map<String, String> TRANSFER_SYNTAXES = orderedMap(
            "1.2.840.10008.1.2.4.70", "JPEG Lossless, first-order prediction (process 14, SV1)",
            "1.2.840.10008.1.2.4.57", "JPEG Lossless (process 14)",
            "1.2.840.10008.1.2.5", "RLE Lossless",
            "1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian",
            "1.2.840.10008.1.2.1", "Explicit VR Little Endian",
            "1.2.840.10008.1.2.2", "Explicit VR Big Endian",
            "1.2.840.10008.1.2", "Implicit VR Little Endian",
            "1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only), transcoded on receipt",
            "1.2.840.10008.1.2.4.80", "JPEG-LS Lossless, transcoded on receipt",
            "1.2.840.10008.1.2.4.51", "JPEG Extended (processes 2 and 4, 12-bit)",
            "1.2.840.10008.1.2.4.50", "JPEG Baseline (process 1)",
            "1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression, transcoded on receipt",
            "1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless), transcoded on receipt");

    /** The projection radiograph storage classes (CR, DX, mammography and intra-oral, presentation and processing). */
    public static final Set<String> RADIOGRAPH_SOP_CLASSES = Set.of(
            "1.2.840.10008.5.1.4.1.1.1",
            "1.2.840.10008.5.1.4.1.1.1.1",
            "1.2.840.10008.5.1.4.1.1.1.1.1",
            "1.2.840.10008.5.1.4.1.1.1.2",
            "1.2.840.10008.5.1.4.1.1.1.2.1",
            "1.2.840.10008.5.1.4.1.1.1.3",
            "1.2.840.10008.5.1.4.1.1.1.3.1");

    @Override
    public LinkedList applyPresentationContextSelectionPolicy(LinkedList presentationContexts, int associationNumber) {
        for (Object o : presentationContexts) {
            PresentationContext pc = (PresentationContext) o;
            String abstractSyntax = pc.getAbstractSyntaxUID();
            @SuppressWarnings("unchecked")
            List<String> proposed = List.copyOf(pc.getTransferSyntaxUIDs());
            pc.newTransferSyntaxUIDs();
            if (!isAcceptable(abstractSyntax)) {
                pc.setResultReason(ABSTRACT_SYNTAX_NOT_SUPPORTED);
                LOG.infof("association %d: refusing %s, not a storage SOP class", associationNumber, abstractSyntax);
                continue;
            }
            String chosen = choose(proposed);
            if (chosen == null) {
                pc.setResultReason(TRANSFER_SYNTAXES_NOT_SUPPORTED);
                LOG.warnf(
                        "association %d: refusing %s in %s: no transfer syntax Osteon can decode (accepted: %s)",
                        associationNumber,
                        DicomObjects.sopClassName(abstractSyntax),
                        proposed,
                        TRANSFER_SYNTAXES.keySet());
                continue;
            }
            pc.addTransferSyntaxUID(chosen);
            // PixelMed starts every proposed context as not accepted; acceptance must be said.
            pc.setResultReason(ACCEPTANCE);
        }
        return presentationContexts;
    }

    @Override
    public LinkedList applyPresentationContextSelectionPolicy(
            LinkedList presentationContexts, int associationNumber, int debugLevel) {
        return applyPresentationContextSelectionPolicy(presentationContexts, associationNumber);
    }

    /**
     * Why a received object cannot be decoded although its syntax was accepted, or null. JPEG Extended
     * covers 8-bit (process 2), which the JDK's reader decodes, and 12-bit (process 4), which neither
     * the JDK nor Debian's libpixelmed-imageio-java (lossless only) decodes; negotiation cannot tell
     * them apart, so the dataset's Bits Stored decides after receipt. An object the input guard refuses
     * is not this check's to judge: null, and ingest refuses and dead-letters it with the guard's reason.
     */
    static String undecodableReason(java.nio.file.Path file, String transferSyntax) {
        if (!"1.2.840.10008.1.2.4.51".equals(transferSyntax)) {
            return null;
        }
        try {
            DicomInputGuard.check(file, DicomLimits.DEFAULTS);
        } catch (UnreadableDicomException | java.io.IOException e) {
            return null;
        }
        com.pixelmed.dicom.AttributeList list = new com.pixelmed.dicom.AttributeList();
        try {
            list.read(file.toFile(), com.pixelmed.dicom.TagFromName.PixelData);
        } catch (java.io.IOException | com.pixelmed.dicom.DicomException e) {
            return "unreadable JPEG Extended object: " + e.getMessage();
        }
        int bitsStored = com.pixelmed.dicom.Attribute.getSingleIntegerValueOrDefault(
                list, com.pixelmed.dicom.TagFromName.BitsStored, 8);
        return bitsStored > 8
                ? "JPEG Extended with " + bitsStored
                        + " bits stored (process 4) cannot be decoded with PixelMed and Debian's codecs; send it uncompressed or JPEG lossless"
                : null;
    }

    static boolean isAcceptable(String abstractSyntax) {
        return abstractSyntax != null
                && (SOPClass.isVerification(abstractSyntax)
                        || SOPClass.isStorage(abstractSyntax)
                        || RADIOGRAPH_SOP_CLASSES.contains(abstractSyntax));
    }

    /** The most preferred decodable syntax among those proposed; null when there is none. */
    static String choose(List<String> proposed) {
        for (String ts : TRANSFER_SYNTAXES.keySet()) {
            if (proposed.contains(ts)) {
                return ts;
            }
        }
        return null;
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
