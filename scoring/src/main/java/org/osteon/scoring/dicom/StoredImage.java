package org.osteon.scoring.dicom;

import java.util.OptionalDouble;

/**
 * The first frame of a radiograph as stored, with the attributes preprocessing reads. Plain Java,
 * so preprocessing is tested on hand-made arrays without any DICOM library.
 *
 * @param rows            Rows (0028,0010)
 * @param columns         Columns (0028,0011)
 * @param stored          stored pixel values, row-major, signed per Pixel Representation
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
        double[] stored,
        OptionalDouble rescaleSlope,
        OptionalDouble rescaleIntercept,
        OptionalDouble windowCenter,
        OptionalDouble windowWidth,
        String photometric,
        Integer patientAgeYears,
        String patientSex) {

    public StoredImage {
        if (rows < 1 || columns < 1) {
            throw new IllegalArgumentException("image has no pixels: " + rows + " x " + columns);
        }
        if (stored.length != rows * columns) {
            throw new IllegalArgumentException("expected " + rows * columns + " stored values, got " + stored.length);
        }
    }

    /** An image with no rescale, no window and MONOCHROME2, for tests and synthetic input. */
    public static StoredImage plain(int rows, int columns, double[] stored) {
        return new StoredImage(rows, columns, stored, OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), "MONOCHROME2", null, null);
    }

    public StoredImage withWindow(double center, double width) {
        return new StoredImage(rows, columns, stored, rescaleSlope, rescaleIntercept, OptionalDouble.of(center),
                OptionalDouble.of(width), photometric, patientAgeYears, patientSex);
    }

    public StoredImage withRescale(double slope, double intercept) {
        return new StoredImage(rows, columns, stored, OptionalDouble.of(slope), OptionalDouble.of(intercept),
                windowCenter, windowWidth, photometric, patientAgeYears, patientSex);
    }

    public StoredImage withPhotometric(String value) {
        return new StoredImage(rows, columns, stored, rescaleSlope, rescaleIntercept, windowCenter, windowWidth,
                value, patientAgeYears, patientSex);
    }
}
