package org.osteon.worklist.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the raw little-endian float32 map scoring writes beside the object. The shape comes from
 * the decision (camShape); a file of any other length is torn or not the map, and is refused.
 */
public final class ActivationMapReader {

    /** Larger than any map the models produce; bounds what one request may read into memory. */
    static final int MAX_EDGE = 512;

    private ActivationMapReader() {}

    public static ActivationMap read(Path file, String modelVersion, int height, int width) {
        if (height < 1 || width < 1 || height > MAX_EDGE || width > MAX_EDGE) {
            throw new UnreadableImageException("activation map shape " + height + "x" + width + " out of range");
        }
        long expected = 4L * height * width;
        try {
            if (Files.size(file) != expected) {
                throw new UnreadableImageException("activation map " + file.getFileName() + " has " + Files.size(file)
                        + " bytes, not the " + expected + " of " + height + "x" + width + " floats");
            }
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[height * width];
            for (int i = 0; i < values.length; i++) {
                values[i] = bytes.getFloat();
                if (!Float.isFinite(values[i])) {
                    throw new UnreadableImageException(
                            "activation map " + file.getFileName() + " holds a non-finite value at " + i);
                }
            }
            return new ActivationMap(modelVersion, height, width, values);
        } catch (IOException e) {
            throw new UnreadableImageException("cannot read activation map " + file.getFileName(), e);
        }
    }
}
