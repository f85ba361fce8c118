package org.osteon.platform.dicom;

/**
 * Where a file's Pixel Data lies when its value can be copied into another file byte for byte: native
 * (defined length, not encapsulated), of even length, in explicit or implicit VR little endian (not
 * deflated), and the last element of the top-level data set. A radiograph's pixels are almost all of its
 * bytes; copying them saves decoding them into arrays and encoding them again.
 *
 * @param headerAt file offset of the element's tag
 * @param valueAt file offset of the value's first byte
 * @param length the value's length in bytes
 * @param vr the VR to write it with in explicit VR: as the file says (OB or OW), or, for a file in implicit
 *     VR, the one PixelMed chooses when it reads such a file (OB for 8 bits allocated, OW for 16);
 *     {@link Vr#NONE} while not known
 */
public record NativePixelData(long headerAt, long valueAt, long length, int vr) {

    public NativePixelData {
        if (headerAt < 0 || valueAt <= headerAt || length < 0 || length % 2 != 0) {
            throw new IllegalArgumentException("not a native pixel data element: header at " + headerAt + ", value at "
                    + valueAt + ", " + length + " bytes");
        }
        if (vr != Vr.NONE && vr != Vr.OB && vr != Vr.OW) {
            throw new IllegalArgumentException("pixel data copied as " + Vr.name(vr) + ", not OB or OW");
        }
    }

    /** The same span, written with {@code vr}. */
    public NativePixelData withVr(int vr) {
        return new NativePixelData(headerAt, valueAt, length, vr);
    }

    /** The 12-byte explicit VR little endian header of the element: (7FE0,0010), the VR, two zero bytes, the length. */
    public byte[] explicitLittleEndianHeader() {
        if (vr == Vr.NONE) {
            throw new IllegalStateException("the VR to write the pixel data with is not known");
        }
        return new byte[] {
            (byte) 0xE0,
            0x7F,
            0x10,
            0x00,
            (byte) (vr >>> 8),
            (byte) vr,
            0,
            0,
            (byte) length,
            (byte) (length >>> 8),
            (byte) (length >>> 16),
            (byte) (length >>> 24)
        };
    }
}
