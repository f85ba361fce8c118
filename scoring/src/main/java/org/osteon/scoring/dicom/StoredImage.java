package org.osteon.scoring.dicom;

import java.util.OptionalDouble;

/**
 * The first frame of a radiograph as stored, with the attributes preprocessing reads. Plain Java,
 * so preprocessing is tested on hand-made arrays without any DICOM library.
 *
 * <p>The values are read a row at a time, in place where the reader left them: a full-size radiograph
 * held as one {@code double[]} is some 40 MB per image, and allocating and filling it cost as much as
 * preprocessing itself.
 *
 * @param rows            Rows (0028,0010)
 * @param columns         Columns (0028,0011)
 * @param pixels          stored pixel values, row by row, signed per Pixel Representation
 * @param rescaleSlope    Rescale Slope (0028,1053), when present
 * @param rescaleIntercept Rescale Intercept (0028,1052), when present
 * @param windowCenter    first value of Window Center (0028,1050), when present
 * @param windowWidth     first value of Window Width (0028,1051), when present
 * @param photometric     Photometric Interpretation (0028,0004), upper case, trimmed
 * @param patientAgeYears Patient's Age (0010,1010) in whole years, or null
 * @param patientSex      Patient's Sex (0010,0040), or null
 */
public record StoredImage(
        int rows,
        int columns,
        Rows pixels,
        OptionalDouble rescaleSlope,
        OptionalDouble rescaleIntercept,
        OptionalDouble windowCenter,
        OptionalDouble windowWidth,
        String photometric,
        Integer patientAgeYears,
        String patientSex) {

    /** Stored values of one frame, one row at a time. */
    @FunctionalInterface
    public interface Rows {
        /** Writes the {@code columns} stored values of row {@code row} to {@code into[0..columns)}. */
        void read(int row, int columns, double[] into);
    }

    public StoredImage {
        if (rows < 1 || columns < 1) {
            throw new IllegalArgumentException("image has no pixels: " + rows + " x " + columns);
        }
    }

    /** An image with no rescale, no window and MONOCHROME2, for tests and synthetic input. */
    public static StoredImage plain(int rows, int columns, double[] stored) {
        if (stored.length != rows * columns) {
            throw new IllegalArgumentException("expected " + rows * columns + " stored values, got " + stored.length);
        }
        return new StoredImage(
                rows,
                columns,
                (row, n, into) -> System.arraycopy(stored, row * n, into, 0, n),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                "MONOCHROME2",
                null,
                null);
    }

    /** Every stored value, row-major, in one new array: for tests and small images. */
    public double[] stored() {
        double[] all = new double[rows * columns];
        double[] row = new double[columns];
        for (int y = 0; y < rows; y++) {
            pixels.read(y, columns, row);
            System.arraycopy(row, 0, all, y * columns, columns);
        }
        return all;
    }

    public StoredImage withWindow(double center, double width) {
        return new StoredImage(
                rows,
                columns,
                pixels,
                rescaleSlope,
                rescaleIntercept,
                OptionalDouble.of(center),
                OptionalDouble.of(width),
                photometric,
                patientAgeYears,
                patientSex);
    }

    public StoredImage withRescale(double slope, double intercept) {
        return new StoredImage(
                rows,
                columns,
                pixels,
                OptionalDouble.of(slope),
                OptionalDouble.of(intercept),
                windowCenter,
                windowWidth,
                photometric,
                patientAgeYears,
                patientSex);
    }

    public StoredImage withPhotometric(String value) {
        return new StoredImage(
                rows,
                columns,
                pixels,
                rescaleSlope,
                rescaleIntercept,
                windowCenter,
                windowWidth,
                value,
                patientAgeYears,
                patientSex);
    }
}
