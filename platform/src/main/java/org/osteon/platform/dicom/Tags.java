package org.osteon.platform.dicom;

/** The tags Osteon's byte-level readers look for, as {@code group << 16 | element}. */
public final class Tags {

    /** (FFFE,E000): an item of a sequence, or a fragment of encapsulated pixel data. */
    public static final int ITEM = 0xFFFEE000;
    /** (FFFE,E00D): ends an item of undefined length. */
    public static final int ITEM_DELIMITATION = 0xFFFEE00D;
    /** (FFFE,E0DD): ends a sequence, or encapsulated pixel data, of undefined length. */
    public static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;
    /** Group FFFE: items and delimiters, which are no data elements. */
    public static final int DELIMITER_GROUP = 0xFFFE;
    /** Group 0002: the file meta information. */
    public static final int FILE_META_GROUP = 0x0002;

    public static final int FILE_META_GROUP_LENGTH = 0x00020000;
    public static final int TRANSFER_SYNTAX_UID = 0x00020010;
    public static final int PATIENT_SEX = 0x00100040;
    public static final int PATIENT_AGE = 0x00101010;
    public static final int SAMPLES_PER_PIXEL = 0x00280002;
    public static final int PHOTOMETRIC_INTERPRETATION = 0x00280004;
    public static final int ROWS = 0x00280010;
    public static final int COLUMNS = 0x00280011;
    public static final int BITS_ALLOCATED = 0x00280100;
    public static final int BITS_STORED = 0x00280101;
    public static final int PIXEL_REPRESENTATION = 0x00280103;
    public static final int WINDOW_CENTER = 0x00281050;
    public static final int WINDOW_WIDTH = 0x00281051;
    public static final int RESCALE_INTERCEPT = 0x00281052;
    public static final int RESCALE_SLOPE = 0x00281053;
    public static final int PIXEL_DATA = 0x7FE00010;

    private Tags() {}

    public static int group(int tag) {
        return tag >>> 16;
    }

    public static int element(int tag) {
        return tag & 0xFFFF;
    }

    /** {@code (GGGG,EEEE)} in hexadecimal, as messages name a tag. */
    public static String toString(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }
}
