package org.osteon.platform.dicom;

import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;

/**
 * Value representations as two ASCII characters packed in an int ({@code 'O' << 8 | 'B'}), so that
 * reading a header allocates nothing; {@link #NONE} where no VR is known (implicit VR, private tags).
 */
public final class Vr {

    public static final int NONE = 0;
    public static final int AE = 'A' << 8 | 'E';
    public static final int AS = 'A' << 8 | 'S';
    public static final int AT = 'A' << 8 | 'T';
    public static final int CS = 'C' << 8 | 'S';
    public static final int DA = 'D' << 8 | 'A';
    public static final int DS = 'D' << 8 | 'S';
    public static final int DT = 'D' << 8 | 'T';
    public static final int FD = 'F' << 8 | 'D';
    public static final int FL = 'F' << 8 | 'L';
    public static final int IS = 'I' << 8 | 'S';
    public static final int LO = 'L' << 8 | 'O';
    public static final int LT = 'L' << 8 | 'T';
    public static final int OB = 'O' << 8 | 'B';
    public static final int OD = 'O' << 8 | 'D';
    public static final int OF = 'O' << 8 | 'F';
    public static final int OL = 'O' << 8 | 'L';
    public static final int OV = 'O' << 8 | 'V';
    public static final int OW = 'O' << 8 | 'W';
    public static final int PN = 'P' << 8 | 'N';
    public static final int SH = 'S' << 8 | 'H';
    public static final int SL = 'S' << 8 | 'L';
    public static final int SQ = 'S' << 8 | 'Q';
    public static final int SS = 'S' << 8 | 'S';
    public static final int ST = 'S' << 8 | 'T';
    public static final int SV = 'S' << 8 | 'V';
    public static final int TM = 'T' << 8 | 'M';
    public static final int UC = 'U' << 8 | 'C';
    public static final int UI = 'U' << 8 | 'I';
    public static final int UL = 'U' << 8 | 'L';
    public static final int UN = 'U' << 8 | 'N';
    public static final int UR = 'U' << 8 | 'R';
    public static final int US = 'U' << 8 | 'S';
    public static final int UT = 'U' << 8 | 'T';
    public static final int UV = 'U' << 8 | 'V';

    private Vr() {}

    /** The VR of these two bytes, whatever they are. */
    public static int of(byte first, byte second) {
        return (first & 0xFF) << 8 | (second & 0xFF);
    }

    /** The VR spelled {@code name}, which must be two characters. */
    public static int of(String name) {
        if (name.length() != 2) {
            throw new IllegalArgumentException("a VR has two characters: " + name);
        }
        return name.charAt(0) << 8 | name.charAt(1);
    }

    /** The two characters, or null for {@link #NONE}. */
    public static String name(int vr) {
        return vr == NONE ? null : new String(new char[] {(char) (vr >>> 8), (char) (vr & 0xFF)});
    }

    /** PS3.5 Table 6.2-1, 2023: every VR code there is. */
    public static boolean isKnown(int vr) {
        return switch (vr) {
            case AE,
                    AS,
                    AT,
                    CS,
                    DA,
                    DS,
                    DT,
                    FD,
                    FL,
                    IS,
                    LO,
                    LT,
                    OB,
                    OD,
                    OF,
                    OL,
                    OV,
                    OW,
                    PN,
                    SH,
                    SL,
                    SQ,
                    SS,
                    ST,
                    SV,
                    TM,
                    UC,
                    UI,
                    UL,
                    UN,
                    UR,
                    US,
                    UT,
                    UV -> true;
            default -> false;
        };
    }

    /** Explicit VRs with a 2-byte reserved field and a 4-byte length (PS3.5 7.1.2). */
    public static boolean hasLongLength(int vr) {
        return switch (vr) {
            case OB, OD, OF, OL, OV, OW, SQ, SV, UC, UN, UR, UT, UV -> true;
            default -> false;
        };
    }

    /** The string VRs: character values, backslash-separated where several. */
    public static boolean isText(int vr) {
        return switch (vr) {
            case AE, AS, CS, DA, DS, DT, IS, LO, LT, PN, SH, ST, TM, UC, UI, UR, UT -> true;
            default -> false;
        };
    }

    /** The size of one value of a binary VR, which a value's length must be a multiple of; 1 for the others. */
    public static int unitSize(int vr) {
        return switch (vr) {
            case US, SS, OW -> 2;
            case UL, SL, FL, OF, OL, AT -> 4;
            case FD, OD, SV, UV, OV -> 8;
            default -> 1;
        };
    }

    /**
     * PS3.6 VR of a standard attribute (even group), from PixelMed's dictionary, or {@link #NONE} for
     * private, unknown and group-length ones. Allocates: not for a hot loop.
     */
    public static int dictionary(int tag) {
        int group = tag >>> 16;
        int element = tag & 0xFFFF;
        if ((group & 1) == 1 || element == 0) {
            return NONE;
        }
        byte[] vr = DicomDictionary.StandardDictionary.getValueRepresentationFromTag(new AttributeTag(group, element));
        return vr == null || vr.length != 2 ? NONE : of(vr[0], vr[1]);
    }
}
