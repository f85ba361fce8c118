package org.osteon.platform.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.SOPClassDescriptions;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Reads DICOM Part 10 files (the routing header, or the whole object, always behind {@link DicomInputGuard}),
 * and writes one whose native pixel data is copied from its source file rather than encoded again.
 */
public final class DicomObjects {

    /** Not in PixelMed's TagFromName under this keyword in every release, so spelled out. */
    static final AttributeTag IMAGE_LATERALITY = new AttributeTag(0x0020, 0x0062);

    private DicomObjects() {}

    public static DicomHeader readHeader(Path file) throws UnreadableDicomException, IOException {
        return header(read(file));
    }

    /**
     * The header of a file read only up to its pixel data, for the gateway's routing fields: a
     * radiograph's pixels are most of its bytes and the gateway never needs them.
     */
    public static DicomHeader readRoutingHeader(Path file) throws UnreadableDicomException, IOException {
        DicomInputGuard.check(file, DicomLimits.DEFAULTS);
        AttributeList list = new AttributeList();
        long read;
        long size;
        try {
            read = list.read(file.toFile(), TagFromName.PixelData);
            size = java.nio.file.Files.size(file);
        } catch (IOException | DicomException | RuntimeException e) {
            throw new UnreadableDicomException("not a readable DICOM object: " + e.getMessage(), e);
        }
        if (string(list, TagFromName.SOPInstanceUID) == null || string(list, TagFromName.SOPClassUID) == null) {
            throw new UnreadableDicomException("not a DICOM composite object: no SOP Class or SOP Instance UID");
        }
        DicomHeader h = header(list);
        // Reading stopped at the pixel data when bytes are left over.
        if (read >= size || h.hasPixelData()) {
            return h;
        }
        return new DicomHeader(
                h.transferSyntaxUid(),
                h.sopClassUid(),
                h.sopInstanceUid(),
                h.studyInstanceUid(),
                h.seriesInstanceUid(),
                h.modality(),
                h.patientId(),
                h.patientName(),
                h.accessionNumber(),
                h.bodyPartExamined(),
                h.laterality(),
                h.viewPosition(),
                h.photometricInterpretation(),
                h.rows(),
                h.columns(),
                h.samplesPerPixel(),
                h.patientAge(),
                h.patientSex(),
                true);
    }

    /** Human-readable name of a SOP Class, e.g. "CT Image Storage"; the UID itself when unknown. */
    public static String sopClassName(String sopClassUid) {
        String name = sopClassUid == null ? null : SOPClassDescriptions.getDescriptionFromUID(sopClassUid);
        return name == null || name.isBlank() ? sopClassUid : name;
    }

    public static AttributeList read(Path file) throws UnreadableDicomException, IOException {
        // PixelMed accepts truncated and inconsistent structure and recurses into every sequence: only
        // a structure the guard has walked within the limits reaches it (docs/robustness.md).
        DicomInputGuard.check(file, DicomLimits.DEFAULTS);
        return readChecked(file);
    }

    /**
     * An object read whole, or read up to its Pixel Data, which is left in the file when its bytes can be
     * copied into a new file unchanged ({@link NativePixelData}).
     *
     * @param list every attribute, or every attribute but Pixel Data when {@code pixelData} is present
     * @param pixelData where the pixel data lies in the file, with the VR to write it with
     */
    public record PixelDataInFile(AttributeList list, Optional<NativePixelData> pixelData) {

        /** Whether the object has pixel data, in the list or in the file. */
        public boolean hasPixelData() {
            return pixelData.isPresent() || list.get(TagFromName.PixelData) != null;
        }
    }

    /**
     * As {@link #read}, but leaves a native Pixel Data in the file, for {@link #writeCopyingPixelData}:
     * the guard finds where it lies, and PixelMed stops reading there. When the pixel data cannot be
     * copied byte for byte, or PixelMed does not stop where the guard found it, the object is read whole.
     */
    public static PixelDataInFile readLeavingPixelData(Path file) throws UnreadableDicomException, IOException {
        Optional<NativePixelData> located = DicomInputGuard.checkAndLocatePixelData(file, DicomLimits.DEFAULTS);
        if (located.isEmpty()) {
            return new PixelDataInFile(readChecked(file), Optional.empty());
        }
        // PixelMed reports the offset just past each tag it reads; this one only at the element the guard found.
        long stopAt = located.get().headerAt() + 4;
        AttributeList list = new AttributeList();
        long stoppedAt;
        try {
            stoppedAt = list.read(
                    file.toFile(), (read, tag, offset) -> offset == stopAt && TagFromName.PixelData.equals(tag));
        } catch (IOException | DicomException | RuntimeException e) {
            throw new UnreadableDicomException("not a readable DICOM object: " + e.getMessage(), e);
        }
        checkComposite(list);
        Optional<NativePixelData> pixelData = stoppedAt == stopAt && list.get(TagFromName.PixelData) == null
                ? located.map(p -> p.vr() == Vr.NONE ? p.withVr(implicitPixelDataVr(list)) : p)
                : Optional.empty();
        if (pixelData.isEmpty() || pixelData.get().vr() == Vr.NONE) {
            return new PixelDataInFile(readChecked(file), Optional.empty());
        }
        return new PixelDataInFile(list, pixelData);
    }

    /**
     * The VR PixelMed gives Pixel Data it reads in implicit VR, and writes in explicit VR: OB for 8 bits
     * allocated, OW for 16; {@link Vr#NONE} for anything else, which is then read whole.
     */
    private static int implicitPixelDataVr(AttributeList list) {
        Integer bitsAllocated = integer(list, TagFromName.BitsAllocated);
        if (bitsAllocated == null) {
            return Vr.NONE;
        }
        return switch (bitsAllocated) {
            case 8 -> Vr.OB;
            case 16 -> Vr.OW;
            default -> Vr.NONE;
        };
    }

    /**
     * Writes {@code list} as a Part 10 file in explicit VR little endian, as {@code AttributeList.write}
     * does, then the Pixel Data that {@link #readLeavingPixelData} left in {@code source}, its value copied
     * byte for byte by the kernel ({@link FileChannel#transferTo}) rather than decoded and encoded.
     *
     * @param list the attributes, meta information included, without Pixel Data
     * @throws IOException also when {@code source} holds fewer bytes than the pixel data needs
     */
    public static void writeCopyingPixelData(AttributeList list, Path source, NativePixelData pixelData, Path target)
            throws IOException, DicomException {
        if (list.get(TagFromName.PixelData) != null) {
            throw new IllegalArgumentException("the list has its own Pixel Data");
        }
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(
                        target,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream header = new BufferedOutputStream(Channels.newOutputStream(out), 1 << 16);
            DicomOutputStream dicom = new DicomOutputStream(
                    header, TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ExplicitVRLittleEndian);
            list.write(dicom, true);
            dicom.flush();
            header.write(pixelData.explicitLittleEndianHeader());
            header.flush();
            long position = pixelData.valueAt();
            long end = position + pixelData.length();
            while (position < end) {
                long copied = in.transferTo(position, end - position, out);
                if (copied <= 0) {
                    throw new IOException("the pixel data of " + source + " ends at byte " + position + ", not " + end
                            + ": the file changed after it was read");
                }
                position += copied;
            }
        }
    }

    private static AttributeList readChecked(Path file) throws UnreadableDicomException {
        AttributeList list = new AttributeList();
        try {
            list.read(file.toFile());
        } catch (IOException | DicomException | RuntimeException e) {
            throw new UnreadableDicomException("not a readable DICOM object: " + e.getMessage(), e);
        }
        checkComposite(list);
        return list;
    }

    private static void checkComposite(AttributeList list) throws UnreadableDicomException {
        if (string(list, TagFromName.SOPInstanceUID) == null || string(list, TagFromName.SOPClassUID) == null) {
            throw new UnreadableDicomException("not a DICOM composite object: no SOP Class or SOP Instance UID");
        }
    }

    public static DicomHeader header(AttributeList list) {
        return header(list, list.get(TagFromName.PixelData) != null);
    }

    /** As {@link #header(AttributeList)}, for a list whose pixel data may have been left in the file. */
    public static DicomHeader header(AttributeList list, boolean hasPixelData) {
        String laterality = string(list, IMAGE_LATERALITY);
        if (laterality == null) {
            laterality = string(list, TagFromName.Laterality);
        }
        return new DicomHeader(
                string(list, TagFromName.TransferSyntaxUID),
                string(list, TagFromName.SOPClassUID),
                string(list, TagFromName.SOPInstanceUID),
                string(list, TagFromName.StudyInstanceUID),
                string(list, TagFromName.SeriesInstanceUID),
                string(list, TagFromName.Modality),
                string(list, TagFromName.PatientID),
                string(list, TagFromName.PatientName),
                string(list, TagFromName.AccessionNumber),
                string(list, TagFromName.BodyPartExamined),
                laterality,
                string(list, TagFromName.ViewPosition),
                string(list, TagFromName.PhotometricInterpretation),
                integer(list, TagFromName.Rows),
                integer(list, TagFromName.Columns),
                integer(list, TagFromName.SamplesPerPixel),
                string(list, TagFromName.PatientAge),
                string(list, TagFromName.PatientSex),
                hasPixelData);
    }

    /** Trimmed value, or null when absent or empty: odd-length padding must not leak into keys. */
    public static String string(AttributeList list, AttributeTag tag) {
        String value =
                Attribute.getDelimitedStringValuesOrEmptyString(list, tag).trim();
        return value.isEmpty() ? null : value;
    }

    private static Integer integer(AttributeList list, AttributeTag tag) {
        Attribute attribute = list.get(tag);
        if (attribute == null || attribute.getVM() == 0) {
            return null;
        }
        try {
            return attribute.getIntegerValues()[0];
        } catch (DicomException e) {
            return null;
        }
    }
}
