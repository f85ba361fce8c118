package org.osteon.streams.deid.profile;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import java.util.Locale;
import java.util.Optional;

/**
 * Text burned into pixels is PHI that no header rule can reach (PS3.15 E.1.1). An image that says
 * it has some, or that does not say and comes from a modality that often has some, may leave the
 * PHI zone only when a configured mask blacks out where that device writes; otherwise it is held back.
 */
public final class BurnedInAnnotation {

    static final AttributeTag BURNED_IN_ANNOTATION = new AttributeTag(0x0028, 0x0301);

    /** What to do with one image. */
    public sealed interface Decision {
        /** No burned-in text is declared or expected. */
        record Clear() implements Decision {}

        /** A mask covers the burned-in text; apply it before the image leaves. */
        record Mask(PixelMask mask) implements Decision {}

        /** Hold the image back: why, in words for the operator. */
        record Quarantine(String reason) implements Decision {}
    }

    private BurnedInAnnotation() {}

    public static Decision decide(AttributeList list, DeidProfile profile, boolean encapsulated) {
        return decide(list, list.get(TagFromName.PixelData) != null, profile, encapsulated);
    }

    /** As above, for a list whose pixel data may have been left in the file ({@code hasPixelData} says whether there is any). */
    public static Decision decide(AttributeList list, boolean hasPixelData, DeidProfile profile, boolean encapsulated) {
        if (!hasPixelData) {
            return new Decision.Clear();
        }
        String declared = value(list, BURNED_IN_ANNOTATION).toUpperCase(Locale.ROOT);
        String modality = value(list, TagFromName.Modality).toUpperCase(Locale.ROOT);
        boolean risky;
        String why;
        if (declared.equals("YES")) {
            risky = true;
            why = "Burned In Annotation is YES";
        } else if (declared.equals("NO")) {
            return new Decision.Clear();
        } else {
            risky = profile.burnedInRiskModalities().contains(modality);
            why = "Burned In Annotation is " + (declared.isEmpty() ? "absent" : "'" + declared + "'") + " on modality "
                    + modality + ", which often burns text into pixels";
        }
        if (!risky) {
            return new Decision.Clear();
        }
        int columns = integer(list, TagFromName.Columns);
        int rows = integer(list, TagFromName.Rows);
        Optional<PixelMask> mask = profile.masks().stream()
                .filter(m -> m.appliesTo(modality, columns, rows))
                .findFirst();
        if (mask.isEmpty()) {
            return new Decision.Quarantine(
                    why + ", and no pixel mask is configured for " + modality + " " + columns + "x" + rows);
        }
        if (encapsulated) {
            return new Decision.Quarantine(why + "; a mask for " + modality + " " + columns + "x" + rows
                    + " exists but the pixels are compressed, and Osteon masks only uncompressed pixels");
        }
        if (integer(list, TagFromName.SamplesPerPixel) != 1) {
            return new Decision.Quarantine(why + "; a mask exists but only single-sample (grey) images can be masked");
        }
        return new Decision.Mask(mask.get());
    }

    /** Blacks out the mask's regions in every frame and records that the image no longer carries burned-in text. */
    public static void applyMask(AttributeList list, PixelMask mask) throws DicomException {
        int columns = integer(list, TagFromName.Columns);
        int rows = integer(list, TagFromName.Rows);
        int frames = Math.max(1, integer(list, TagFromName.NumberOfFrames));
        boolean inverted = value(list, TagFromName.PhotometricInterpretation).equals("MONOCHROME1");
        int bitsStored = integer(list, TagFromName.BitsStored);
        int black = inverted ? (1 << bitsStored) - 1 : 0;
        Attribute pixels = list.get(TagFromName.PixelData);
        if (pixels instanceof OtherWordAttribute) {
            short[] values = pixels.getShortValues();
            blackOut(mask, columns, rows, frames, i -> values[i] = (short) black);
            pixels.setValues(values);
        } else if (pixels instanceof OtherByteAttribute) {
            byte[] values = pixels.getByteValues();
            blackOut(mask, columns, rows, frames, i -> values[i] = (byte) black);
            pixels.setValues(values);
        } else {
            throw new DicomException("cannot mask pixel data of VR " + pixels.getVRAsString());
        }
        list.remove(BURNED_IN_ANNOTATION);
        list.putNewAttribute(BURNED_IN_ANNOTATION).addValue("NO");
    }

    private static void blackOut(
            PixelMask mask, int columns, int rows, int frames, java.util.function.IntConsumer set) {
        for (int frame = 0; frame < frames; frame++) {
            int base = frame * columns * rows;
            for (PixelMask.Rectangle r : mask.regions()) {
                for (int y = Math.max(0, r.y()); y < Math.min(rows, r.y() + r.height()); y++) {
                    for (int x = Math.max(0, r.x()); x < Math.min(columns, r.x() + r.width()); x++) {
                        set.accept(base + y * columns + x);
                    }
                }
            }
        }
    }

    private static String value(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag).strip();
    }

    private static int integer(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleIntegerValueOrDefault(list, tag, 0);
    }
}
