package org.osteon.platform.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The class-activation map file scoring writes beside a de-identified object: raw little-endian float32,
 * row by row, with the shape the decision carries (camShape). Every reader reads it here, so a torn file,
 * a file that is not the map, or a map with NaN or infinity is refused the same way everywhere.
 */
public final class ActivationMapFile {

    /** The file is not a map of the stated shape: its owner decides what that costs (an error, no outline). */
    public static final class MalformedMapException extends Exception {
        MalformedMapException(String message) {
            super(message);
        }
    }

    private ActivationMapFile() {}

    /**
     * The map's values; the caller bounds {@code height} and {@code width} first, which bounds what is read.
     *
     * @throws MalformedMapException when the shape is empty, the file's length is not the shape's, or a
     *     value is not finite
     * @throws IOException when the file cannot be read
     */
    public static float[] read(Path file, int height, int width) throws MalformedMapException, IOException {
        if (height < 1 || width < 1) {
            throw new MalformedMapException("activation map shape " + height + "x" + width + " out of range");
        }
        long expected = 4L * height * width;
        long size = Files.size(file);
        if (size != expected) {
            throw new MalformedMapException("activation map " + file.getFileName() + " has " + size + " bytes, not the "
                    + expected + " of " + height + "x" + width + " floats");
        }
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[height * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = bytes.getFloat();
            if (!Float.isFinite(values[i])) {
                throw new MalformedMapException(
                        "activation map " + file.getFileName() + " holds a non-finite value at " + i);
            }
        }
        return values;
    }
}
