package org.osteon.worklist.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CsrfTokensTest {

    private final CsrfTokens tokens = new CsrfTokens((byte[]) null);

    @Test
    void shouldVerifyATokenOnlyForTheUserItWasMintedFor() {
        String token = tokens.mint("reader");
        assertThat(tokens.verify("reader", token)).isTrue();
        assertThat(tokens.verify("admin", token)).isFalse();
        assertThat(tokens.verify("reader", tokens.mint("reader"))).isTrue();
        assertThat(tokens.mint("reader")).isNotEqualTo(token);
    }

    @Test
    void shouldRefuseTamperedForeignAndMalformedTokens() {
        String token = tokens.mint("reader");
        // The second-last character: the last one of unpadded base64 has unused low bits, so changing it
        // between 'A' and 'B' can leave the decoded MAC as it was.
        int at = token.length() - 2;
        char tampered = token.charAt(at) == 'A' ? 'B' : 'A';
        assertThat(tokens.verify("reader", token.substring(0, at) + tampered + token.substring(at + 1)))
                .isFalse();
        assertThat(new CsrfTokens((byte[]) null).verify("reader", token)).isFalse();
        for (String bad : new String[] {null, "", ".", "abc", "a.b.c", "!!!.???", token + ".x", "." + token}) {
            assertThat(tokens.verify("reader", bad)).as(String.valueOf(bad)).isFalse();
        }
        assertThat(tokens.verify(null, token)).isFalse();
    }

    @Test
    void shouldAgreeAcrossRestartsAndReplicasThatShareTheSessionKey() {
        Optional<String> key = Optional.of("a-session-encryption-key-of-32-bytes!");
        String token = new CsrfTokens(key).mint("reader");
        assertThat(new CsrfTokens(key).verify("reader", token)).isTrue();
        assertThat(new CsrfTokens(Optional.of("another-session-encryption-key-32b")).verify("reader", token))
                .isFalse();
    }
}
