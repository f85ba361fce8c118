package org.osteon.scoring.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.platform.store.RefusedClaimCheck;

class ResearchObjectsTest {

    @Test
    void shouldWriteTheMapBesideTheObjectAsLittleEndianFloat32NamedByModel(@TempDir Path dir) throws Exception {
        Path object = Files.writeString(dir.resolve("1.2.3.dcm"), "x");
        URI uri = ResearchObjects.writeCam(dir, object.toUri().toString(), "net/../x", "1.0", new float[] {1.5f, -2f});
        Path cam = Path.of(uri);
        assertThat(cam.getParent()).isEqualTo(dir);
        assertThat(cam.getFileName().toString()).isEqualTo("1.2.3.dcm.cam-net_.._x-1.0.f32");
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(cam)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getFloat()).isEqualTo(1.5f);
        assertThat(b.getFloat()).isEqualTo(-2f);
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left behind").hasSize(2);
        }
        // A redone batch rewrites the same file.
        assertThat(ResearchObjects.writeCam(dir, object.toUri().toString(), "net/../x", "1.0", new float[] {3f}))
                .isEqualTo(uri);
        assertThat(Files.size(cam)).isEqualTo(4);
    }

    @Test
    void shouldRefuseAnythingButFileUrisBelowTheResearchRoot(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("research"));
        Path outside = Files.writeString(dir.resolve("outside.dcm"), "x");
        Path link = Files.createSymbolicLink(root.resolve("link.dcm"), outside);
        for (String uri : new String[] {
            "s3://bucket/x.dcm",
            "http://host/x.dcm",
            " ",
            outside.toString(),
            outside.toUri().toString(),
            root.toUri() + "../outside.dcm",
            link.toUri().toString()
        }) {
            assertThatThrownBy(() -> ResearchObjects.open(root, uri)).as(uri).isInstanceOf(RefusedClaimCheck.class);
            assertThatThrownBy(() -> ResearchObjects.writeCam(root, uri, "m", "1", new float[] {1f}))
                    .as(uri)
                    .isInstanceOf(RefusedClaimCheck.class);
        }
        try (var files = Files.list(dir)) {
            assertThat(files).as("no map written outside the store").hasSize(2);
        }
        Path object = Files.writeString(root.resolve("1.2.3.dcm"), "x");
        assertThat(ResearchObjects.open(root, object.toUri().toString())).isEqualTo(object.toRealPath());
    }
}
