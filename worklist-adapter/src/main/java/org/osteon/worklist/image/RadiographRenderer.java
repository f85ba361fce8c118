package org.osteon.worklist.image;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.display.SourceImage;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Renders a de-identified radiograph as an 8-bit PNG for the browser: the first frame, windowed with
 * the object's own window centre and width (else its minimum to maximum), MONOCHROME1 inverted, and
 * scaled down so that its longer edge is at most {@link #MAX_EDGE} pixels. A viewing aid for the
 * reading room, not a diagnostic display.
 */
public final class RadiographRenderer {

    /** Enough to judge where the activation map points; a page need not move the full matrix. */
    public static final int MAX_EDGE = 1024;

    /** Refuses to parse anything larger: a radiograph of the research store is far smaller. */
    static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

    private RadiographRenderer() {}

    public static byte[] png(Path dicom) {
        try {
            if (Files.size(dicom) > MAX_FILE_BYTES) {
                throw new UnreadableImageException("object larger than " + MAX_FILE_BYTES + " bytes");
            }
            AttributeList attributes = new AttributeList();
            try (InputStream file = Files.newInputStream(dicom);
                    DicomInputStream in = new DicomInputStream(new BufferedInputStream(file))) {
                attributes.read(in);
            }
            BufferedImage eightBit = toEightBit(attributes);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(downscale(eightBit), "png", png);
            return png.toByteArray();
        } catch (IOException | DicomException | RuntimeException e) {
            if (e instanceof UnreadableImageException unreadable) {
                throw unreadable;
            }
            throw new UnreadableImageException("cannot render " + dicom.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static BufferedImage toEightBit(AttributeList attributes) throws DicomException {
        if (attributes.get(TagFromName.PixelData) == null) {
            throw new UnreadableImageException("the object has no pixel data");
        }
        SourceImage source = new SourceImage(attributes);
        if (source.getNumberOfBufferedImages() < 1) {
            throw new UnreadableImageException("the object has no frame");
        }
        BufferedImage frame = source.getBufferedImage(0);
        if (frame.getRaster().getNumBands() != 1) {
            return copyAsRgb(frame);
        }
        return window(frame.getRaster(), Grey.of(attributes));
    }

    /** The grey-scale pixel module: how stored values become modality values, and how to show them. */
    private record Grey(
            int bitsStored,
            boolean signed,
            double slope,
            double intercept,
            double centre,
            double width,
            boolean inverted) {

        static Grey of(AttributeList a) {
            String photometric = Attribute.getSingleStringValueOrEmptyString(a, TagFromName.PhotometricInterpretation);
            return new Grey(
                    Attribute.getSingleIntegerValueOrDefault(a, TagFromName.BitsStored, 16),
                    Attribute.getSingleIntegerValueOrDefault(a, TagFromName.PixelRepresentation, 0) == 1,
                    Attribute.getSingleDoubleValueOrDefault(a, TagFromName.RescaleSlope, 1.0),
                    Attribute.getSingleDoubleValueOrDefault(a, TagFromName.RescaleIntercept, 0.0),
                    Attribute.getSingleDoubleValueOrDefault(a, TagFromName.WindowCenter, Double.NaN),
                    Attribute.getSingleDoubleValueOrDefault(a, TagFromName.WindowWidth, Double.NaN),
                    photometric.trim().equals("MONOCHROME1"));
        }

        /** The modality value of a stored sample, sign-extended from BitsStored however it was unpacked. */
        double modalityValue(int stored) {
            int bits = Math.max(1, Math.min(bitsStored, 31));
            int value = stored & ((1 << bits) - 1);
            if (signed && (value & (1 << (bits - 1))) != 0) {
                value -= 1 << bits;
            }
            return value * slope + intercept;
        }
    }

    private static BufferedImage window(Raster raster, Grey grey) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        double[] values = new double[width * height];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = grey.modalityValue(raster.getSample(x, y, 0));
                values[y * width + x] = v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        // DICOM PS3.3 C.11.2.1.2 linear window; without a usable one, the full range of this image.
        boolean ownWindow = Double.isFinite(grey.centre()) && Double.isFinite(grey.width()) && grey.width() >= 1;
        double low = ownWindow ? grey.centre() - 0.5 - (grey.width() - 1) / 2 : min;
        double span = ownWindow ? grey.width() - 1 : max - min;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster target = out.getRaster();
        for (int i = 0; i < values.length; i++) {
            double fraction = span <= 0 ? (values[i] > low ? 1 : 0) : (values[i] - low) / span;
            int level = (int) Math.round(255 * Math.max(0, Math.min(1, fraction)));
            target.setSample(i % width, i / width, 0, grey.inverted() ? 255 - level : level);
        }
        return out;
    }

    private static BufferedImage copyAsRgb(BufferedImage frame) {
        BufferedImage rgb = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.drawImage(frame, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    static BufferedImage downscale(BufferedImage image) {
        int longer = Math.max(image.getWidth(), image.getHeight());
        if (longer <= MAX_EDGE) {
            return image;
        }
        double scale = (double) MAX_EDGE / longer;
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage scaled = new BufferedImage(width, height, image.getType());
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return scaled;
    }
}
