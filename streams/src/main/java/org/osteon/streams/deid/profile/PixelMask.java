package org.osteon.streams.deid.profile;

import java.util.List;

/**
 * Where a known device burns text into its images: rectangles that are blacked out before the image
 * may leave the PHI zone. Matched on modality and image size, because burned-in text sits at fixed
 * positions for one device configuration.
 */
public record PixelMask(String modality, int columns, int rows, List<Rectangle> regions, String why) {

    /** A region in pixel coordinates, origin top left. */
    public record Rectangle(int x, int y, int width, int height) {}

    public boolean appliesTo(String imageModality, int imageColumns, int imageRows) {
        return modality.equalsIgnoreCase(imageModality) && columns == imageColumns && rows == imageRows;
    }
}
