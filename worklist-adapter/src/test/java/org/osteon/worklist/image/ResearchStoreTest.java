package org.osteon.worklist.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResearchStoreTest {

    @TempDir
    Path dir;

    private Path root;
    private Path inside;
    private Path outside;
    private ResearchStore store;

    @BeforeEach
    void layOut() throws IOException {
        root = Files.createDirectories(dir.resolve("research-store"));
        inside = Files.writeString(
                Files.createDirectories(root.resolve("site-a")).resolve("object.dcm"), "x");
        outside = Files.writeString(
                Files.createDirectories(dir.resolve("phi-store")).resolve("secret.dcm"), "phi");
        store = new ResearchStore(Optional.of(root));
    }

    @Test
    void shouldResolveAFileBelowTheRoot() throws IOException {
        assertThat(store.resolve(inside.toUri().toString())).contains(inside.toRealPath());
    }

    @Test
    void shouldNeverResolveAFileOutsideTheRoot() throws IOException {
        String dotDot = root.toUri() + "site-a/../../phi-store/secret.dcm";
        assertThat(Path.of(java.net.URI.create(dotDot))).exists();

        assertThat(store.resolve(dotDot)).isEmpty();
        assertThat(store.resolve(outside.toUri().toString())).isEmpty();
        assertThat(store.resolve("file:///etc/passwd")).isEmpty();
        Path link = Files.createSymbolicLink(root.resolve("link.dcm"), outside);
        assertThat(store.resolve(link.toUri().toString())).isEmpty();
    }

    @Test
    void shouldResolveNothingButPlainFileUris() {
        assertThat(store.resolve("http://example.org/object.dcm")).isEmpty();
        assertThat(store.resolve(inside.toUri() + "?x=1")).isEmpty();
        assertThat(store.resolve("not a uri")).isEmpty();
        assertThat(store.resolve(root.toUri().toString())).isEmpty();
        assertThat(store.resolve(null)).isEmpty();
    }

    @Test
    void shouldResolveNothingWithoutARoot() {
        assertThat(new ResearchStore(Optional.empty()).resolve(inside.toUri().toString()))
                .isEmpty();
    }

    @Test
    void shouldRefuseARootThatIsNotADirectory() {
        assertThatThrownBy(() -> new ResearchStore(Optional.of(dir.resolve("missing"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("osteon.store.research-root");
    }
}
