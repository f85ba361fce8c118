package org.osteon.streams.deid;

import java.util.Optional;
import java.util.Set;
import org.osteon.platform.dicom.DicomHeader;
import org.osteon.platform.dicom.DicomObjects;

/** Which objects the model may score: single-channel projection radiographs with pixel data. */
public final class Eligibility {

    /** CR Image Storage, Digital X-Ray Image Storage for presentation and for processing. */
    static final Set<String> PROJECTION_RADIOGRAPH_SOP_CLASSES =
            Set.of("1.2.840.10008.5.1.4.1.1.1", "1.2.840.10008.5.1.4.1.1.1.1", "1.2.840.10008.5.1.4.1.1.1.1.1");

    static final Set<String> PROJECTION_MODALITIES = Set.of("CR", "DX");

    private Eligibility() {}

    /** Empty when the object may be scored; otherwise the reason it will not be. */
    public static Optional<String> ineligibleReason(DicomHeader header) {
        String sopClass = DicomObjects.sopClassName(header.sopClassUid());
        if (!header.hasPixelData()) {
            return Optional.of("no pixel data (" + sopClass + ")");
        }
        if (!PROJECTION_RADIOGRAPH_SOP_CLASSES.contains(header.sopClassUid())) {
            return Optional.of(sopClass + " (modality " + header.modality() + ") is not a projection radiograph");
        }
        if (header.modality() != null && !PROJECTION_MODALITIES.contains(header.modality())) {
            return Optional.of(sopClass + " with modality " + header.modality() + " is not a projection radiograph");
        }
        if (header.samplesPerPixel() != null && header.samplesPerPixel() != 1) {
            return Optional.of("not a greyscale image: " + header.samplesPerPixel() + " samples per pixel");
        }
        return Optional.empty();
    }
}
