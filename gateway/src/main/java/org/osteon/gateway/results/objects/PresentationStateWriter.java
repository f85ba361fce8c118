package org.osteon.gateway.results.objects;

import static org.osteon.gateway.results.objects.DicomAttributes.ascii;
import static org.osteon.gateway.results.objects.DicomAttributes.date;
import static org.osteon.gateway.results.objects.DicomAttributes.item;
import static org.osteon.gateway.results.objects.DicomAttributes.put;
import static org.osteon.gateway.results.objects.DicomAttributes.putFloats;
import static org.osteon.gateway.results.objects.DicomAttributes.sequence;
import static org.osteon.gateway.results.objects.DicomAttributes.time;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.util.List;
import java.util.Locale;

/**
 * The Grayscale Softcopy Presentation State (PS3.3 A.33.1): the source image as the radiologist should
 * see it with Osteon's result drawn on it, on a graphic layer of its own (so a viewer can hide it): the
 * activation region's outline and a cross at its peak when there is a region, and always a line of text
 * with the lane, the probability, the uncertainty, the model version and the statement.
 */
final class PresentationStateWriter {

    static final String CONTENT_LABEL = "OSTEON_AI";
    static final String LAYER = "OSTEON";
    static final String SERIES_DESCRIPTION = "Osteon AI result (GSPS) - NOT FOR CLINICAL USE";
    static final int SERIES_NUMBER = 9902;

    // Presentation-state attributes PixelMed's TagFromName lacks; its dictionary has them.
    private static final AttributeTag T_DisplayedAreaBottomRightHandCorner =
            DicomAttributes.tag("DisplayedAreaBottomRightHandCorner");
    private static final AttributeTag T_DisplayedAreaSelectionSequence =
            DicomAttributes.tag("DisplayedAreaSelectionSequence");
    private static final AttributeTag T_DisplayedAreaTopLeftHandCorner =
            DicomAttributes.tag("DisplayedAreaTopLeftHandCorner");
    private static final AttributeTag T_PresentationPixelAspectRatio =
            DicomAttributes.tag("PresentationPixelAspectRatio");
    private static final AttributeTag T_PresentationPixelSpacing = DicomAttributes.tag("PresentationPixelSpacing");
    private static final AttributeTag T_PresentationSizeMode = DicomAttributes.tag("PresentationSizeMode");
    private static final AttributeTag T_SoftcopyVOILUTSequence = DicomAttributes.tag("SoftcopyVOILUTSequence");
    private static final AttributeTag T_GraphicLayerSequence = DicomAttributes.tag("GraphicLayerSequence");
    private static final AttributeTag T_GraphicLayerOrder = DicomAttributes.tag("GraphicLayerOrder");
    private static final AttributeTag T_GraphicLayerRecommendedDisplayGrayscaleValue =
            DicomAttributes.tag("GraphicLayerRecommendedDisplayGrayscaleValue");
    private static final AttributeTag T_GraphicLayerDescription = DicomAttributes.tag("GraphicLayerDescription");
    private static final AttributeTag T_TextObjectSequence = DicomAttributes.tag("TextObjectSequence");
    private static final AttributeTag T_BoundingBoxAnnotationUnits = DicomAttributes.tag("BoundingBoxAnnotationUnits");
    private static final AttributeTag T_UnformattedTextValue = DicomAttributes.tag("UnformattedTextValue");
    private static final AttributeTag T_BoundingBoxTopLeftHandCorner =
            DicomAttributes.tag("BoundingBoxTopLeftHandCorner");
    private static final AttributeTag T_BoundingBoxBottomRightHandCorner =
            DicomAttributes.tag("BoundingBoxBottomRightHandCorner");
    private static final AttributeTag T_BoundingBoxTextHorizontalJustification =
            DicomAttributes.tag("BoundingBoxTextHorizontalJustification");
    private static final AttributeTag T_GraphicObjectSequence = DicomAttributes.tag("GraphicObjectSequence");
    private static final AttributeTag T_GraphicAnnotationUnits = DicomAttributes.tag("GraphicAnnotationUnits");
    private static final AttributeTag T_GraphicDimensions = DicomAttributes.tag("GraphicDimensions");
    private static final AttributeTag T_NumberOfGraphicPoints = DicomAttributes.tag("NumberOfGraphicPoints");
    private static final AttributeTag T_GraphicFilled = DicomAttributes.tag("GraphicFilled");
    private static final AttributeTag T_GraphicLayer = DicomAttributes.tag("GraphicLayer");
    private static final AttributeTag T_ShutterOverlayGroup = DicomAttributes.tag("ShutterOverlayGroup");
    private static final AttributeTag T_ShutterPresentationValue = DicomAttributes.tag("ShutterPresentationValue");

    AttributeList build(AttributeList source, SourceAttributes copied, ResultFacts facts, ObjectUids uids)
            throws DicomException {
        int rows = SourceImage.rows(source);
        int columns = SourceImage.columns(source);
        AttributeList list = new AttributeList();
        copied.copyInto(list);
        ResultHeader.common(list, facts, SOPClass.GrayscaleSoftcopyPresentationStateStorage, uids.psInstance());
        ResultHeader.series(list, "PR", uids.psSeries(), SERIES_NUMBER, SERIES_DESCRIPTION, facts);
        put(list, TagFromName.Laterality, laterality(source));
        ResultHeader.equipment(list, facts);

        // Presentation State Identification (C.11.10).
        put(list, TagFromName.InstanceNumber, "1");
        put(list, TagFromName.ContentLabel, CONTENT_LABEL);
        put(list, TagFromName.ContentDescription, ascii("Osteon AI result - NOT FOR CLINICAL USE", 64));
        put(list, TagFromName.PresentationCreationDate, date(facts.decidedAt()));
        put(list, TagFromName.PresentationCreationTime, time(facts.decidedAt()));
        put(list, TagFromName.ContentCreatorName, new String[0]);

        // Presentation State Relationship (C.11.11): the one image this state presents.
        AttributeList series = item(sequence(list, TagFromName.ReferencedSeriesSequence));
        put(series, TagFromName.SeriesInstanceUID, SourceImage.seriesUid(source));
        referencedImage(series, source);

        displayedArea(list, source, rows, columns);
        grayscale(list, source);
        annotations(list, source, facts, rows, columns);
        return list;
    }

    /**
     * General Series Laterality (Type 2C): the series holds one image's state, so its laterality is that
     * image's; empty when the image has none or names no single side.
     */
    private static String[] laterality(AttributeList source) {
        for (AttributeTag tag : new AttributeTag[] {TagFromName.Laterality, TagFromName.ImageLaterality}) {
            String v = Attribute.getSingleStringValueOrEmptyString(source, tag).trim();
            if (v.equals("R") || v.equals("L")) {
                return new String[] {v};
            }
        }
        return new String[0];
    }

    /** Displayed Area (C.10.4): the whole image, scaled to fit, with the source's pixel shape. */
    private static void displayedArea(AttributeList list, AttributeList source, int rows, int columns)
            throws DicomException {
        AttributeList area = item(sequence(list, T_DisplayedAreaSelectionSequence));
        referencedImage(area, source);
        put(area, T_DisplayedAreaTopLeftHandCorner, 1, 1);
        put(area, T_DisplayedAreaBottomRightHandCorner, columns, rows);
        put(area, T_PresentationSizeMode, "SCALE TO FIT");
        String[] spacing = spacing(source);
        if (spacing != null) {
            put(area, T_PresentationPixelSpacing, spacing);
        } else {
            String[] ratio = Attribute.getStringValues(source, TagFromName.PixelAspectRatio);
            put(
                    area,
                    T_PresentationPixelAspectRatio,
                    ratio != null && ratio.length == 2 ? ratio : new String[] {"1", "1"});
        }
    }

    private static String[] spacing(AttributeList source) {
        for (AttributeTag tag : new AttributeTag[] {TagFromName.PixelSpacing, TagFromName.ImagerPixelSpacing}) {
            String[] v = Attribute.getStringValues(source, tag);
            if (v != null && v.length == 2 && !v[0].isBlank() && !v[1].isBlank()) {
                return v;
            }
        }
        return null;
    }

    /**
     * Modality LUT, Softcopy VOI LUT and Softcopy Presentation LUT. A presentation state's pipeline
     * replaces the image's and ignores its Photometric Interpretation (PS3.4 N.2.1.4 note 1), so the
     * source's rescale and window are carried over and a MONOCHROME1 image gets the INVERSE shape to look
     * as its modality meant it to.
     */
    private static void grayscale(AttributeList list, AttributeList source) throws DicomException {
        String slope = Attribute.getSingleStringValueOrNull(source, TagFromName.RescaleSlope);
        String intercept = Attribute.getSingleStringValueOrNull(source, TagFromName.RescaleIntercept);
        if (slope != null && intercept != null) {
            put(list, TagFromName.RescaleSlope, slope);
            put(list, TagFromName.RescaleIntercept, intercept);
            put(
                    list,
                    TagFromName.RescaleType,
                    Attribute.getSingleStringValueOrDefault(source, TagFromName.RescaleType, "US"));
        }
        String[] centers = Attribute.getStringValues(source, TagFromName.WindowCenter);
        String[] widths = Attribute.getStringValues(source, TagFromName.WindowWidth);
        if (centers != null && widths != null && centers.length > 0 && centers.length == widths.length) {
            AttributeList voi = item(sequence(list, T_SoftcopyVOILUTSequence));
            referencedImage(voi, source);
            put(voi, TagFromName.WindowCenter, centers);
            put(voi, TagFromName.WindowWidth, widths);
            String function = Attribute.getSingleStringValueOrNull(source, TagFromName.VOILUTFunction);
            if (function != null) {
                put(voi, TagFromName.VOILUTFunction, function);
            }
        }
        boolean monochrome1 = "MONOCHROME1"
                .equals(Attribute.getSingleStringValueOrEmptyString(source, TagFromName.PhotometricInterpretation)
                        .trim());
        put(list, TagFromName.PresentationLUTShape, monochrome1 ? "INVERSE" : "IDENTITY");
    }

    /** Graphic Annotation (C.10.5) and Graphic Layer (C.10.7). */
    private static void annotations(AttributeList list, AttributeList source, ResultFacts facts, int rows, int columns)
            throws DicomException {
        AttributeList layer = item(sequence(list, T_GraphicLayerSequence));
        put(layer, T_GraphicLayer, LAYER);
        put(layer, T_GraphicLayerOrder, "1");
        // White on a display whatever the image's polarity: the P-value maximum.
        put(layer, T_GraphicLayerRecommendedDisplayGrayscaleValue, 0xFFFF);
        put(layer, T_GraphicLayerDescription, "Osteon AI result - NOT FOR CLINICAL USE");

        AttributeList annotation = item(sequence(list, TagFromName.GraphicAnnotationSequence));
        referencedImage(annotation, source);
        put(annotation, T_GraphicLayer, LAYER);

        // The text in DISPLAY units, across the top of whatever area is shown, so it stays readable and
        // on screen at any zoom.
        AttributeList text = item(sequence(annotation, T_TextObjectSequence));
        put(text, T_BoundingBoxAnnotationUnits, "DISPLAY");
        put(text, T_UnformattedTextValue, ascii(label(facts), 1024));
        putFloats(text, T_BoundingBoxTopLeftHandCorner, 0.01f, 0.01f);
        putFloats(text, T_BoundingBoxBottomRightHandCorner, 0.99f, 0.06f);
        put(text, T_BoundingBoxTextHorizontalJustification, "LEFT");

        if (facts.region().isPresent()) {
            List<float[]> lines = lines(facts.region().get(), rows, columns);
            SequenceAttribute graphics = sequence(annotation, T_GraphicObjectSequence);
            OutlineOverlay overlay = new OutlineOverlay(rows, columns);
            for (float[] line : lines) {
                polyline(graphics, line);
                overlay.polyline(line);
            }
            overlay(list, overlay, rows, columns);
        }
    }

    /** The outline, and a cross at the peak, its arms 2 % of the longer side (at least 3 pixels), on the image. */
    private static List<float[]> lines(Region region, int rows, int columns) {
        float arm = Math.max(3f, 0.02f * Math.max(rows, columns));
        float x = region.peakColumn(), y = region.peakRow();
        return List.of(
                region.outlineColumnRowPairs(),
                new float[] {clip(x - arm, columns), y, clip(x + arm, columns), y},
                new float[] {x, clip(y - arm, rows), x, clip(y + arm, rows)});
    }

    /**
     * The lines again as a Bitmap Display Shutter (C.7.6.15) over an Overlay Plane (C.9.2) in group 6000 of
     * the state. A GSPS display must apply its shutters, while many renderers (dcmtk's {@code dcmp2pgm},
     * print and export paths) draw no graphic objects; as a shutter the outline is in the rendered pixels
     * wherever the state is applied. The price: a viewer's layer switch hides the vector outline and text,
     * not the shutter's one-line-wide outline.
     */
    private static void overlay(AttributeList list, OutlineOverlay overlay, int rows, int columns)
            throws DicomException {
        put(list, TagFromName.ShutterShape, "BITMAP");
        put(list, T_ShutterOverlayGroup, 0x6000);
        // White whatever the image's polarity, as the graphic layer: the P-value maximum.
        put(list, T_ShutterPresentationValue, 0xFFFF);
        put(list, TagFromName.OverlayRows, rows);
        put(list, TagFromName.OverlayColumns, columns);
        put(list, TagFromName.OverlayType, "G");
        put(list, TagFromName.OverlayOrigin, 1, 1);
        put(list, TagFromName.OverlayBitsAllocated, 1);
        put(list, TagFromName.OverlayBitPosition, 0);
        put(list, TagFromName.OverlayDescription, "Osteon activation region outline - not a lesion outline");
        put(list, TagFromName.OverlayLabel, "OSTEON");
        OtherWordAttribute data = new OtherWordAttribute(TagFromName.OverlayData);
        data.setValues(overlay.overlayData());
        list.put(data);
    }

    /** The text every state shows: lane, probability, uncertainty, model, statement. */
    static String label(ResultFacts facts) {
        return String.format(
                Locale.ROOT,
                "Osteon %s p(malignant)=%.2f unc=%.2f model %s - %s",
                facts.outcome(),
                facts.malignantProbability(),
                facts.uncertainty(),
                facts.modelVersion(),
                ResultFacts.NOT_FOR_CLINICAL_USE);
    }

    private static void polyline(SequenceAttribute graphics, float[] columnRowPairs) throws DicomException {
        AttributeList g = item(graphics);
        put(g, T_GraphicAnnotationUnits, "PIXEL");
        put(g, T_GraphicDimensions, 2);
        put(g, T_NumberOfGraphicPoints, columnRowPairs.length / 2);
        putFloats(g, TagFromName.GraphicData, columnRowPairs);
        put(g, TagFromName.GraphicType, "POLYLINE");
        put(g, T_GraphicFilled, "N");
    }

    private static void referencedImage(AttributeList parent, AttributeList source) throws DicomException {
        AttributeList image = item(sequence(parent, TagFromName.ReferencedImageSequence));
        put(image, TagFromName.ReferencedSOPClassUID, SourceImage.sopClassUid(source));
        put(image, TagFromName.ReferencedSOPInstanceUID, SourceImage.sopInstanceUid(source));
    }

    private static float clip(float v, int limit) {
        return Math.min(limit, Math.max(0, v));
    }
}
