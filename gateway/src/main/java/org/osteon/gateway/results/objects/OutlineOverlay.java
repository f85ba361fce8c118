package org.osteon.gateway.results.objects;

/**
 * The result's lines burnt into a 1-bit overlay plane of the image's size (PS3.3 C.9.2), for the viewers
 * and renderers that apply a presentation state's overlays but draw none of its graphic objects (dcmtk's
 * {@code dcmp2pgm} is one). The lines are those of the graphic objects, so both layers show the same thing.
 */
final class OutlineOverlay {

    private final int rows;
    private final int columns;
    private final int width;
    private final boolean[] bits;

    /**
     * @param rows, columns the image's size
     */
    OutlineOverlay(int rows, int columns) {
        this.rows = rows;
        this.columns = columns;
        // About one display pixel when the image is scaled to fit a 500-pixel viewport, so the line does
        // not vanish when a large radiograph is shown whole.
        this.width = Math.max(1, Math.round(Math.max(rows, columns) / 500f));
        this.bits = new boolean[rows * columns];
    }

    /** Draws the polyline given as column, row pairs in DICOM image coordinates (pixel corners at integers). */
    OutlineOverlay polyline(float[] columnRowPairs) {
        for (int i = 0; i + 3 < columnRowPairs.length; i += 2) {
            segment(
                    pixel(columnRowPairs[i], columns),
                    pixel(columnRowPairs[i + 1], rows),
                    pixel(columnRowPairs[i + 2], columns),
                    pixel(columnRowPairs[i + 3], rows));
        }
        return this;
    }

    /** Overlay Data: bit k of the plane is pixel k in row-major order, packed little-endian into words. */
    short[] overlayData() {
        short[] words = new short[(bits.length + 15) / 16];
        for (int k = 0; k < bits.length; k++) {
            if (bits[k]) {
                words[k / 16] |= (short) (1 << (k % 16));
            }
        }
        return words;
    }

    /** The pixel a coordinate falls in; the far edge (coordinate == size) belongs to the last pixel. */
    private static int pixel(float coordinate, int size) {
        return Math.min(size - 1, Math.max(0, (int) Math.floor(coordinate)));
    }

    /** Bresenham's line, each point stamped as a width × width square. */
    private void segment(int c0, int r0, int c1, int r1) {
        int dc = Math.abs(c1 - c0), dr = -Math.abs(r1 - r0);
        int sc = c0 < c1 ? 1 : -1, sr = r0 < r1 ? 1 : -1;
        int error = dc + dr;
        while (true) {
            stamp(c0, r0);
            if (c0 == c1 && r0 == r1) {
                return;
            }
            int e2 = 2 * error;
            if (e2 >= dr) {
                error += dr;
                c0 += sc;
            }
            if (e2 <= dc) {
                error += dc;
                r0 += sr;
            }
        }
    }

    private void stamp(int c, int r) {
        int half = width / 2;
        for (int y = r - half; y < r - half + width; y++) {
            for (int x = c - half; x < c - half + width; x++) {
                if (y >= 0 && y < rows && x >= 0 && x < columns) {
                    bits[y * columns + x] = true;
                }
            }
        }
    }
}
