package org.osteon.worklist.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The promotion link's settings, checked at start-up: off without a URL, the token never in clear off-host. */
class ScoringLinkTest {

    private static Optional<ScoringLink> link(String url, Path token) {
        return ScoringLink.from(Optional.ofNullable(url), Optional.ofNullable(token), Duration.ofSeconds(5));
    }

    @Test
    void shouldBeOffWithoutAUrl() {
        assertThat(link(null, null)).isEmpty();
    }

    @Test
    void shouldTakeHttpsAnywhereAndPlainHttpOnlyToLoopback(@TempDir Path tmp) throws Exception {
        Path token = Files.writeString(tmp.resolve("token"), "eyJ.token.sig\n");
        assertThat(link("https://scoring.osteon.svc:8082/", token)).isPresent();
        assertThat(link("http://127.0.0.1:8082", token)).isPresent();
        assertThat(link("http://localhost:8082", token)).isPresent();
        assertThatThrownBy(() -> link("http://scoring.osteon.svc:8082", token)).hasMessageContaining("in clear");
        assertThatThrownBy(() -> link("http://10.0.0.5:8082", token)).hasMessageContaining("in clear");
        assertThatThrownBy(() -> link("https://user:pw@scoring:8082", token))
                .hasMessageContaining("without credentials");
        assertThatThrownBy(() -> link("ftp://scoring", token)).hasMessageContaining("http(s)");
    }

    @Test
    void shouldNeedAReadableTokenFileHoldingOneToken(@TempDir Path tmp) throws Exception {
        assertThatThrownBy(() -> link("https://scoring:8082", null))
                .hasMessageContaining("osteon.model-promotion.token-file");
        assertThatThrownBy(() -> link("https://scoring:8082", tmp.resolve("missing")))
                .hasMessageContaining("cannot be read");
        Path two = Files.writeString(tmp.resolve("two"), "one two");
        assertThatThrownBy(() -> link("https://scoring:8082", two)).hasMessageContaining("one bearer token");
        Path big = Files.write(tmp.resolve("big"), new byte[ScoringLink.MAX_TOKEN_BYTES + 1]);
        assertThatThrownBy(() -> link("https://scoring:8082", big)).hasMessageContaining("larger than");
    }
}
