package org.osteon.platform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.platform.store.RefusedClaimCheck.Reason;

/** Claim checks resolve to files below their store's root, and nowhere else. */
class ClaimChecksTest {

    @TempDir
    Path dir;

    private Path root;
    private Path object;
    private Path elsewhere;

    @BeforeEach
    void store() throws IOException {
        root = Files.createDirectories(dir.resolve("store"));
        object =
                Files.writeString(Files.createDirectories(root.resolve("study")).resolve("object.dcm"), "inside");
        elsewhere = Files.writeString(dir.resolve("secret.dcm"), "outside");
    }

    @Test
    void shouldOpenAFileBelowTheRoot() throws Exception {
        assertThat(ClaimChecks.open(root, object.toUri().toString())).isEqualTo(object.toRealPath());
        String sha = ObjectStores.sha256(object);
        assertThat(ClaimChecks.openVerified(root, object.toUri().toString(), sha.toUpperCase()))
                .isEqualTo(object.toRealPath());
    }

    @Test
    void shouldRefuseAUriOneDotDotOutsideTheRoot() {
        String uri = root.toUri() + "../secret.dcm";
        assertRefused(uri, Reason.OUTSIDE_STORE);
        // Also when ".." stays unresolved in the URI's path until normalised.
        assertRefused("file://" + root + "/study/../../secret.dcm", Reason.OUTSIDE_STORE);
    }

    @Test
    void shouldRefuseAnAbsolutePathElsewhere() {
        assertRefused(elsewhere.toUri().toString(), Reason.OUTSIDE_STORE);
        assertRefused("file:///etc/passwd", Reason.OUTSIDE_STORE);
        // The root itself is no object.
        assertRefused(root.toUri().toString(), Reason.OUTSIDE_STORE);
    }

    @Test
    void shouldRefuseALinkInsideTheRootThatPointsOutside() throws Exception {
        Path link = Files.createSymbolicLink(root.resolve("study/link.dcm"), elsewhere);
        assertThat(link.startsWith(root)).as("lexically inside").isTrue();
        assertThatThrownBy(() -> ClaimChecks.open(root, link.toUri().toString()))
                .isInstanceOfSatisfying(
                        RefusedClaimCheck.class, e -> assertThat(e.reason()).isEqualTo(Reason.OUTSIDE_STORE));
        Path linkedFolder = Files.createSymbolicLink(root.resolve("out"), dir);
        assertThatThrownBy(() -> ClaimChecks.open(
                        root, linkedFolder.resolve("secret.dcm").toUri().toString()))
                .isInstanceOfSatisfying(
                        RefusedClaimCheck.class, e -> assertThat(e.reason()).isEqualTo(Reason.OUTSIDE_STORE));
    }

    @Test
    void shouldRefuseAnythingButAPlainFileUri() {
        for (String uri : new String[] {
            "http://example.org/store/study/object.dcm",
            "s3://bucket/object.dcm",
            object.toString(),
            object.toUri() + "?x=1",
            object.toUri() + "#f",
            "file://host" + object,
            "not a uri",
            "",
            " ",
            null
        }) {
            assertRefused(uri, Reason.NOT_A_FILE_URI);
        }
    }

    @Test
    void shouldTellAMissingFileFromARefusal() {
        assertThatThrownBy(() -> ClaimChecks.open(
                        root, root.resolve("study/gone.dcm").toUri().toString()))
                .isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() ->
                        ClaimChecks.open(root, root.resolve("study").toUri().toString()))
                .as("a folder is no object")
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void shouldNotTellWhetherAFileOutsideTheStoreExists() {
        assertRefused(elsewhere.toUri().toString(), Reason.OUTSIDE_STORE);
        assertRefused(dir.resolve("no-such.dcm").toUri().toString(), Reason.OUTSIDE_STORE);
    }

    @Test
    void shouldCallAStoreWhoseRootIsGoneUnavailableNotTheObjectMissing() throws IOException {
        Path gone = dir.resolve("unmounted");
        assertThatThrownBy(() -> ClaimChecks.open(
                        gone, gone.resolve("study/object.dcm").toUri().toString()))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(NoSuchFileException.class);
    }

    @Test
    void shouldRefuseAFileWhoseDigestDiffers() throws IOException {
        String other = ObjectStores.sha256(elsewhere);
        assertThatThrownBy(() -> ClaimChecks.openVerified(root, object.toUri().toString(), other))
                .isInstanceOfSatisfying(
                        RefusedClaimCheck.class, e -> assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH));
        assertThatThrownBy(() -> ClaimChecks.openVerified(root, object.toUri().toString(), null))
                .isInstanceOf(RefusedClaimCheck.class);
    }

    @Test
    void shouldAcceptTheStoreSpelledThroughALinkToIt() throws Exception {
        Path alias = Files.createSymbolicLink(dir.resolve("alias"), root);
        String viaAlias = alias.resolve("study/object.dcm").toUri().toString();
        assertThat(ClaimChecks.open(root, viaAlias)).isEqualTo(object.toRealPath());
        assertThat(ClaimChecks.open(alias, object.toUri().toString())).isEqualTo(object.toRealPath());
        assertThat(new String(Files.readAllBytes(ClaimChecks.open(alias, viaAlias)), StandardCharsets.UTF_8))
                .isEqualTo("inside");
    }

    private void assertRefused(String uri, Reason reason) {
        assertThatThrownBy(() -> ClaimChecks.open(root, uri))
                .as(uri)
                .isInstanceOfSatisfying(
                        RefusedClaimCheck.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
