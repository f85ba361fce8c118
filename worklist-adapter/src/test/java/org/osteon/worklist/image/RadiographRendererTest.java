package org.osteon.worklist.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RadiographRendererTest {

    /** A real sample: 340 x 432, 12 of 16 bits stored, window 2075/3184 (samples/README.md). */
    static final Path SAMPLE = Path.of("../samples/radiographs/03-malignant-femur.dcm");

    @Test
    void shouldRenderARealRadiographAsAnEightBitPngOfItsOwnSize() throws IOException {
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(RadiographRenderer.png(SAMPLE)));

        assertThat(png.getWidth()).isEqualTo(340);
        assertThat(png.getHeight()).isEqualTo(432);
        assertThat(png.getRaster().getNumBands()).isEqualTo(1);
        assertThat(png.getColorModel().getPixelSize()).isEqualTo(8);
        int[] histogram = new int[256];
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                histogram[png.getRaster().getSample(x, y, 0)]++;
            }
        }
        long levelsUsed =
                java.util.Arrays.stream(histogram).filter(count -> count > 0).count();
        // Windowed, not a flat or two-tone picture: bone and soft tissue spread over many grey levels.
        assertThat(levelsUsed).isGreaterThan(64);
    }

    @Test
    void shouldScaleALargeImageDownToTheLongestEdgeLimit() {
        BufferedImage large = new BufferedImage(3000, 1500, BufferedImage.TYPE_BYTE_GRAY);

        BufferedImage scaled = RadiographRenderer.downscale(large);

        assertThat(scaled.getWidth()).isEqualTo(RadiographRenderer.MAX_EDGE);
        assertThat(scaled.getHeight()).isEqualTo(512);
    }

    @Test
    void shouldRefuseAFileThatIsNotDicom(@TempDir Path dir) throws IOException {
        Path notDicom = Files.writeString(dir.resolve("note.dcm"), "not a DICOM object");

        assertThatThrownBy(() -> RadiographRenderer.png(notDicom)).isInstanceOf(UnreadableImageException.class);
    }
}
