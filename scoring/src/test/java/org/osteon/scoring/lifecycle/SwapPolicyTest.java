package org.osteon.scoring.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.scoring.lifecycle.SwapRefusedException.Reason;

/** Where a swap may load from and which digests it may ask for, before any file of the candidate is read. */
class SwapPolicyTest {

    private static final String PIN = "a".repeat(64);
    private static final String OTHER = "0123456789abcdef".repeat(4);

    @Test
    void shouldAcceptAFolderInsideTheRootNamedAbsolutelyOrRelatively(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("models"));
        Path v2 = Files.createDirectories(root.resolve("v2"));
        SwapPolicy policy = new SwapPolicy(root, List.of(PIN));
        assertThat(policy.confine(v2.toString())).isEqualTo(v2.toRealPath());
        assertThat(policy.confine("v2")).isEqualTo(v2.toRealPath());
        assertThat(policy.confine(root + "/v2/../v2")).isEqualTo(v2.toRealPath());
    }

    @Test
    void shouldRefuseAFolderOutsideTheRoot(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("models"));
        Path outside = Files.createDirectories(tmp.resolve("elsewhere/v2"));
        Files.createDirectories(tmp.resolve("models-evil"));
        SwapPolicy policy = new SwapPolicy(root, List.of(PIN));
        for (String dir : List.of(
                outside.toString(),
                "../elsewhere/v2",
                root + "/../elsewhere/v2",
                "/",
                "/etc",
                tmp.resolve("models-evil").toString(),
                "/nonexistent/osteon/v2")) {
            assertThatThrownBy(() -> policy.confine(dir))
                    .as(dir)
                    .isInstanceOfSatisfying(
                            SwapRefusedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_ALLOWED))
                    .hasMessageContaining("outside the models root");
        }
    }

    @Test
    void shouldRefuseALinkInsideTheRootThatLeadsOutside(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("models"));
        Path outside = Files.createDirectories(tmp.resolve("elsewhere/v2"));
        Files.createSymbolicLink(root.resolve("v2"), outside);
        Files.createDirectories(root.resolve("v3"));
        Files.createSymbolicLink(root.resolve("latest"), root.resolve("v3"));
        SwapPolicy policy = new SwapPolicy(root, List.of(PIN));
        assertThatThrownBy(() -> policy.confine("v2"))
                .isInstanceOfSatisfying(
                        SwapRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_ALLOWED))
                .hasMessageContaining("outside the models root");
        assertThat(policy.confine("latest"))
                .as("a link that stays inside")
                .isEqualTo(root.resolve("v3").toRealPath());
    }

    @Test
    void shouldTakeARootThatIsItselfALink(@TempDir Path tmp) throws Exception {
        Path real = Files.createDirectories(tmp.resolve("mnt/models"));
        Files.createDirectories(real.resolve("v2"));
        Path link = Files.createSymbolicLink(tmp.resolve("models"), real);
        SwapPolicy policy = new SwapPolicy(link, List.of(PIN));
        assertThat(policy.root()).isEqualTo(real.toRealPath());
        assertThat(policy.confine(link + "/v2")).isEqualTo(real.resolve("v2").toRealPath());
        assertThat(policy.confine(real + "/v2")).isEqualTo(real.resolve("v2").toRealPath());
    }

    @Test
    void shouldCallAMissingFolderOrAFileAMalformedRequest(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("models"));
        Files.writeString(root.resolve("model.json"), "{}");
        SwapPolicy policy = new SwapPolicy(root, List.of(PIN));
        for (String dir : List.of("v9", "model.json", "", " ")) {
            assertThatThrownBy(() -> policy.confine(dir))
                    .as(dir)
                    .isInstanceOfSatisfying(
                            SwapRefusedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
        }
        assertThatThrownBy(() -> policy.confine(null)).isInstanceOf(SwapRefusedException.class);
    }

    @Test
    void shouldAcceptOnlyAPinnedDigest(@TempDir Path tmp) {
        SwapPolicy policy = new SwapPolicy(tmp, List.of(PIN.toUpperCase(Locale.ROOT), OTHER));
        assertThat(policy.pinned()).containsExactlyInAnyOrder(PIN, OTHER);
        assertThat(policy.pin(PIN)).isEqualTo(PIN);
        assertThat(policy.pin(OTHER.toUpperCase(Locale.ROOT))).isEqualTo(OTHER);
        assertThatThrownBy(() -> policy.pin("b".repeat(64)))
                .isInstanceOfSatisfying(
                        SwapRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_ALLOWED))
                .hasMessageContaining("not among the model digests");
        for (String malformed : new String[] {null, "", "a".repeat(63), "a".repeat(65), "g".repeat(64), PIN + "\n"}) {
            assertThatThrownBy(() -> policy.pin(malformed))
                    .as(String.valueOf(malformed))
                    .isInstanceOfSatisfying(
                            SwapRefusedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
        }
    }

    @Test
    void shouldRefuseAConfigurationWithoutAnExistingRootOrWithoutValidPins(@TempDir Path tmp) throws Exception {
        assertThatThrownBy(() -> new SwapPolicy(tmp.resolve("missing"), List.of(PIN)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("osteon.scoring.models-root")
                .hasMessageContaining("not an existing directory");
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> new SwapPolicy(file, List.of(PIN))).hasMessageContaining("not an existing directory");
        assertThatThrownBy(() -> new SwapPolicy(tmp, List.of()))
                .hasMessageContaining("model-swap-pinned-sha256 is empty");
        assertThatThrownBy(() -> new SwapPolicy(tmp, List.of(PIN, "sha256:" + OTHER)))
                .hasMessageContaining("is not a SHA-256 in hex");
    }
}
