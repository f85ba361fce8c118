package org.osteon.platform.dicom;

/**
 * How much structure Osteon accepts in one DICOM object before PixelMed parses it. PixelMed holds the
 * whole object in memory, one Java object per element and value, so these bounds are what keeps one
 * hostile or broken file from costing the streams JVM more than a few times {@link #maxObjectBytes()}
 * of heap.
 *
 * <p>A record with documented defaults rather than {@code osteon.*} configuration: objects are read
 * by the static {@link DicomObjects#read(java.nio.file.Path)}, which de-identification and the gateway
 * both call without a configuration object at hand; see docs/robustness.md.
 *
 * @param maxObjectBytes largest object: the file, and for a deflated transfer syntax the inflated data set
 * @param maxElementBytes largest single value (pixel data included) or encapsulated fragment
 * @param maxTextBytes largest value of a string VR: PixelMed decodes it into Java strings, one per value
 * @param maxDepth deepest nesting of sequences; the top-level data set is depth 0
 * @param maxElements most data elements, sequence items and string values (each backslash-separated
 *     value counts), i.e. roughly the number of Java objects PixelMed makes for the object
 * @param maxInflationRatio most bytes a deflated data set may inflate to per compressed byte: ordinary
 *     DICOM deflates 2-10:1, and a higher ratio only buys an attacker memory and CPU per byte sent
 */
public record DicomLimits(
        long maxObjectBytes,
        long maxElementBytes,
        long maxTextBytes,
        int maxDepth,
        int maxElements,
        int maxInflationRatio) {

    /**
     * 256 MiB objects (a 4300 × 4300 16-bit DX is 37 MB), 128 MiB values, 1 MiB strings, 32 levels of
     * sequences (radiograph headers use fewer than 5; deep SR content trees stay under 20) and 250 000
     * elements and values (a radiograph header has a few hundred), and deflated data sets inflating at
     * most 100:1.
     */
    public static final DicomLimits DEFAULTS = new DicomLimits(256L << 20, 128L << 20, 1L << 20, 32, 250_000, 100);

    public DicomLimits {
        if (maxObjectBytes < 132
                || maxElementBytes < 1
                || maxElementBytes > maxObjectBytes
                || maxTextBytes < 64
                || maxTextBytes > maxElementBytes
                || maxDepth < 1
                || maxElements < 1
                || maxInflationRatio < 1) {
            throw new IllegalArgumentException("inconsistent DICOM limits: " + maxObjectBytes + " object bytes, "
                    + maxElementBytes + " element bytes, " + maxTextBytes + " text bytes, depth " + maxDepth
                    + ", " + maxElements + " elements, inflation " + maxInflationRatio + ":1");
        }
    }
}
