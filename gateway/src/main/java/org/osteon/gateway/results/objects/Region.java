package org.osteon.gateway.results.objects;

import java.util.Arrays;
import java.util.Objects;

/**
 * A closed outline in source-image pixel coordinates (column, row), plus its peak point.
 *
 * <p>Coordinates follow DICOM's image-relative convention (PS3.3 C.18.6.1.1, C.10.5.1.2): the top left
 * corner of the top left pixel is (0, 0) and the bottom right corner of the bottom right pixel is
 * (Columns, Rows).
 *
 * @param outlineColumnRowPairs column, row, column, row, ...; at least 3 distinct points and closed
 *     (the last point equals the first)
 */
public record Region(float[] outlineColumnRowPairs, float peakColumn, float peakRow, String description) {

    public Region {
        Objects.requireNonNull(outlineColumnRowPairs, "outlineColumnRowPairs");
        Objects.requireNonNull(description, "description");
        int n = outlineColumnRowPairs.length;
        if (n % 2 != 0 || n < 8) {
            throw new IllegalArgumentException("an outline needs at least 4 column/row pairs, got " + n + " values");
        }
        for (float f : outlineColumnRowPairs) {
            if (!Float.isFinite(f)) {
                throw new IllegalArgumentException("outline coordinates must be finite");
            }
        }
        if (outlineColumnRowPairs[0] != outlineColumnRowPairs[n - 2]
                || outlineColumnRowPairs[1] != outlineColumnRowPairs[n - 1]) {
            throw new IllegalArgumentException("the outline must be closed: its last point must equal its first");
        }
        if (!Float.isFinite(peakColumn) || !Float.isFinite(peakRow)) {
            throw new IllegalArgumentException("the peak must be finite");
        }
        outlineColumnRowPairs = outlineColumnRowPairs.clone();
    }

    @Override
    public float[] outlineColumnRowPairs() {
        return outlineColumnRowPairs.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Region r
                && Arrays.equals(outlineColumnRowPairs, r.outlineColumnRowPairs)
                && Float.compare(peakColumn, r.peakColumn) == 0
                && Float.compare(peakRow, r.peakRow) == 0
                && description.equals(r.description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(outlineColumnRowPairs), peakColumn, peakRow, description);
    }

    @Override
    public String toString() {
        return "Region" + Arrays.toString(outlineColumnRowPairs) + " peak=(" + peakColumn + ", " + peakRow + ") "
                + description;
    }
}
