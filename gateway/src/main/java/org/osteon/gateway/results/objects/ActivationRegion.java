package org.osteon.gateway.results.objects;

import java.util.ArrayDeque;
import java.util.Optional;

/**
 * The activation region shown to the radiologist: where the model looked, taken from its class-activation
 * map (CAM). It is not a lesion outline, and the objects say so.
 *
 * <p>The region is the 4-connected component of cells at or above half the map's maximum that contains
 * the first maximal cell (row-major order); the outline is that component's bounding box, the peak the
 * maximal cell's centre. Half the maximum is the usual cut for CAM localisation: it keeps the hot spot
 * without the diffuse tail that a lower cut lets reach the image border.
 *
 * <p>The CAM covers the model's square input: the source image's longest side scaled to the square,
 * centred, the rest padded (docs/preprocessing.md steps 4-5). A point (u, v) in [0, 1]² of that square
 * maps to source column {@code u·L − (L − columns)/2} and row {@code v·L − (L − rows)/2}, with
 * {@code L = max(rows, columns)}. The preprocessing rounds the scaled size to whole input pixels; this
 * mapping does not, which moves an edge by less than one input pixel ({@code L/S} source pixels).
 */
public final class ActivationRegion {

    static final String DESCRIPTION = "Model activation region (class-activation map cells >= 0.5 x max,"
            + " 4-connected to the peak), bounding box; not a lesion outline";

    private ActivationRegion() {}

    /**
     * @param cam row-major float32 of {@code camRows × camColumns}
     * @return the region on the source image ({@code sourceRows × sourceColumns}), or empty when the map is
     *     empty, holds a non-finite value, is flat, has no positive cell, or its region lies entirely in the
     *     padding
     */
    public static Optional<Region> of(float[] cam, int camRows, int camColumns, int sourceRows, int sourceColumns) {
        if (camRows < 0 || camColumns < 0 || sourceRows <= 0 || sourceColumns <= 0) {
            throw new IllegalArgumentException("sizes must be positive: cam " + camRows + "x" + camColumns + ", source "
                    + sourceRows + "x" + sourceColumns);
        }
        if (cam == null || cam.length == 0 || camRows == 0 || camColumns == 0) {
            return Optional.empty();
        }
        if (cam.length != camRows * camColumns) {
            throw new IllegalArgumentException("a " + camRows + "x" + camColumns + " map has " + camRows * camColumns
                    + " cells, got " + cam.length);
        }
        int peak = 0;
        float min = Float.POSITIVE_INFINITY;
        for (int i = 0; i < cam.length; i++) {
            float v = cam[i];
            if (!Float.isFinite(v)) {
                // A map with NaN or infinity came from a broken inference; no region is better than a wrong one.
                return Optional.empty();
            }
            if (v > cam[peak]) {
                peak = i;
            }
            min = Math.min(min, v);
        }
        float max = cam[peak];
        if (!(max > min) || !(max > 0)) {
            return Optional.empty();
        }
        float threshold = 0.5f * max;

        boolean[] seen = new boolean[cam.length];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(peak);
        seen[peak] = true;
        int top = Integer.MAX_VALUE, bottom = -1, left = Integer.MAX_VALUE, right = -1;
        while (!queue.isEmpty()) {
            int cell = queue.poll();
            int r = cell / camColumns, c = cell % camColumns;
            top = Math.min(top, r);
            bottom = Math.max(bottom, r);
            left = Math.min(left, c);
            right = Math.max(right, c);
            int[][] neighbours = {{r - 1, c}, {r + 1, c}, {r, c - 1}, {r, c + 1}};
            for (int[] n : neighbours) {
                if (n[0] < 0 || n[0] >= camRows || n[1] < 0 || n[1] >= camColumns) {
                    continue;
                }
                int next = n[0] * camColumns + n[1];
                if (!seen[next] && cam[next] >= threshold) {
                    seen[next] = true;
                    queue.add(next);
                }
            }
        }

        double side = Math.max(sourceRows, sourceColumns);
        double padColumns = (side - sourceColumns) / 2.0;
        double padRows = (side - sourceRows) / 2.0;
        double x0 = clip((double) left / camColumns * side - padColumns, sourceColumns);
        double x1 = clip((double) (right + 1) / camColumns * side - padColumns, sourceColumns);
        double y0 = clip((double) top / camRows * side - padRows, sourceRows);
        double y1 = clip((double) (bottom + 1) / camRows * side - padRows, sourceRows);
        if (!(x1 > x0) || !(y1 > y0)) {
            return Optional.empty();
        }
        int peakRow = peak / camColumns, peakColumn = peak % camColumns;
        // The peak cell's centre can lie in the padding when the component reaches into the image from
        // there; it is then moved onto the nearest point of the (clipped) box, so it is always on the image.
        double px = Math.min(x1, Math.max(x0, (peakColumn + 0.5) / camColumns * side - padColumns));
        double py = Math.min(y1, Math.max(y0, (peakRow + 0.5) / camRows * side - padRows));
        float[] outline = {
            (float) x0,
            (float) y0,
            (float) x1,
            (float) y0,
            (float) x1,
            (float) y1,
            (float) x0,
            (float) y1,
            (float) x0,
            (float) y0
        };
        return Optional.of(new Region(outline, (float) px, (float) py, DESCRIPTION));
    }

    private static double clip(double v, int limit) {
        return Math.min(limit, Math.max(0, v));
    }
}
