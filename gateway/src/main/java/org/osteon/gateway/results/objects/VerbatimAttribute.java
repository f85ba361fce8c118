package org.osteon.gateway.results.objects;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.StringAttribute;
import java.io.IOException;
import java.util.Arrays;

/**
 * A text attribute written with exactly the bytes it was read with. PixelMed decodes ISO 2022 code
 * extensions (IR 87 Japanese, IR 149 Korean, ...) but re-encodes them as '?', so a copied name would lose
 * its ideographic and phonetic groups; the source's bytes are valid under the source's Specific Character
 * Set, which the result objects carry, so writing them unchanged keeps the name as the source spelled it.
 */
final class VerbatimAttribute extends Attribute {

    private final byte[] vr;
    private final byte[] paddedBytes;
    private final String[] values;

    VerbatimAttribute(StringAttribute source) throws DicomException {
        super(source.getTag());
        this.vr = source.getVR();
        byte[] bytes = source.getByteValues();
        // Even length (PS3.5 7.1.1), padded with a space as every text VR that can hold non-ASCII is.
        this.paddedBytes = bytes.length % 2 == 0 ? bytes : Arrays.copyOf(bytes, bytes.length + 1);
        if (paddedBytes != bytes) {
            paddedBytes[bytes.length] = ' ';
        }
        this.values = source.getStringValues();
        this.valueLength = paddedBytes.length;
        this.valueMultiplicity = values.length;
    }

    @Override
    public byte[] getVR() {
        return vr.clone();
    }

    @Override
    public long getPaddedVL() {
        return paddedBytes.length;
    }

    @Override
    public String[] getStringValues(java.text.NumberFormat format) {
        return values.clone();
    }

    @Override
    public void write(DicomOutputStream out) throws DicomException, IOException {
        writeBase(out);
        out.write(paddedBytes);
    }

    @Override
    public void removeValues() throws DicomException {
        throw new DicomException("a verbatim copy of " + getTag() + " cannot be changed");
    }

    @Override
    public String toString(DicomDictionary dictionary) {
        return super.toString(dictionary) + " " + String.join("\\", values);
    }
}
