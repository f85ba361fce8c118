package org.osteon.worklist.image;

import java.io.IOException;
import java.nio.file.Path;
import org.osteon.platform.store.ActivationMapFile;

/**
 * Reads the map scoring writes beside the object ({@link ActivationMapFile}) for the study view, within
 * an edge bound of its own. The shape comes from the decision (camShape).
 */
public final class ActivationMapReader {

    /** Larger than any map the models produce; bounds what one request may read into memory. */
    static final int MAX_EDGE = 512;

    private ActivationMapReader() {}

    public static ActivationMap read(Path file, String modelVersion, int height, int width) {
        if (height < 1 || width < 1 || height > MAX_EDGE || width > MAX_EDGE) {
            throw new UnreadableImageException("activation map shape " + height + "x" + width + " out of range");
        }
        try {
            return new ActivationMap(modelVersion, height, width, ActivationMapFile.read(file, height, width));
        } catch (ActivationMapFile.MalformedMapException e) {
            throw new UnreadableImageException(e.getMessage());
        } catch (IOException e) {
            throw new UnreadableImageException("cannot read activation map " + file.getFileName(), e);
        }
    }
}
