package org.osteon.worklist.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivationMapReaderTest {

    /** Writes a map the way scoring does: raw little-endian float32, row-major. */
    static Path writeMap(Path file, float... values) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            bytes.putFloat(value);
        }
        return Files.write(file, bytes.array());
    }

    @Test
    void shouldReadALittleEndianRowMajorMap(@TempDir Path dir) throws IOException {
        Path file = writeMap(dir.resolve("x.dcm.cam-m-1.f32"), 0f, 0.25f, 0.5f, 1f, 2f, 3f);

        ActivationMap map = ActivationMapReader.read(file, "m@1", 2, 3);

        assertThat(map.modelVersion()).isEqualTo("m@1");
        assertThat(map.height()).isEqualTo(2);
        assertThat(map.width()).isEqualTo(3);
        assertThat(map.values()).containsExactly(0f, 0.25f, 0.5f, 1f, 2f, 3f);
    }

    @Test
    void shouldRefuseAFileWhoseLengthDoesNotMatchTheShape(@TempDir Path dir) throws IOException {
        Path file = writeMap(dir.resolve("torn.f32"), 1f, 2f, 3f);

        assertThatThrownBy(() -> ActivationMapReader.read(file, "m@1", 2, 2))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining("12 bytes");
    }

    @Test
    void shouldRefuseNonFiniteValuesAndAbsurdShapes(@TempDir Path dir) throws IOException {
        Path nan = writeMap(dir.resolve("nan.f32"), 1f, Float.NaN, 0f, 0f);

        assertThatThrownBy(() -> ActivationMapReader.read(nan, "m@1", 2, 2))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining("non-finite");
        assertThatThrownBy(() -> ActivationMapReader.read(nan, "m@1", 0, 4))
                .isInstanceOf(UnreadableImageException.class);
        assertThatThrownBy(() -> ActivationMapReader.read(nan, "m@1", 100_000, 100_000))
                .isInstanceOf(UnreadableImageException.class);
    }
}
