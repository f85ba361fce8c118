package org.osteon.worklist.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** AES-256-GCM sealing of webhook secrets, without the database. */
class WebhookSecretsTest {

    private static final String KEY =
            Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private static final String OTHER_KEY =
            Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));
    private static final String SECRET = "whsec-unit-0123456789abcdef";

    private final WebhookSecrets secrets = new WebhookSecrets(Optional.of(KEY), null);

    @Test
    void shouldSealWithoutTheSecretInTheBytesAndOpenItAgain() {
        byte[] sealed = secrets.seal("sub-1", SECRET);

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
        assertThat(HexFormat.of().formatHex(sealed))
                .doesNotContain(HexFormat.of().formatHex(SECRET.getBytes(StandardCharsets.UTF_8)));
        assertThat(sealed[0]).isEqualTo((byte) 1);
        assertThat(sealed).hasSize(1 + 12 + SECRET.length() + 16);
        assertThat(secrets.open("sub-1", sealed)).contains(SECRET);
        // A fresh nonce each time: equal secrets do not look equal.
        assertThat(secrets.seal("sub-1", SECRET)).isNotEqualTo(sealed);
    }

    @Test
    void shouldOpenNothingUnderAnotherKeyAnotherSubscriptionOrAfterTampering() {
        byte[] sealed = secrets.seal("sub-1", SECRET);
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;

        assertThat(new WebhookSecrets(Optional.of(OTHER_KEY), null).open("sub-1", sealed))
                .isEmpty();
        assertThat(secrets.open("sub-2", sealed)).isEmpty();
        assertThat(secrets.open("sub-1", tampered)).isEmpty();
        assertThat(new WebhookSecrets(Optional.empty(), null).open("sub-1", sealed))
                .isEmpty();
    }

    @Test
    void shouldRefuseToSealWithoutAKeyAndRefuseAKeyOfTheWrongLength() {
        assertThatThrownBy(() -> new WebhookSecrets(Optional.empty(), null).seal("sub-1", SECRET))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("osteon.alerts.secret-encryption-key");
        assertThatThrownBy(
                        () -> new WebhookSecrets(Optional.of(Base64.getEncoder().encodeToString(new byte[16])), null))
                .hasMessageContaining("exactly 32 bytes");
    }
}
