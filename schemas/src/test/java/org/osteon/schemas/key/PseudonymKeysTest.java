package org.osteon.schemas.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osteon.schemas.key.PseudonymKeys.Purpose;

class PseudonymKeysTest {

    private static final String MASTER = "test-secret-test-secret-test-secret-0123";

    @Test
    void shouldDeriveADifferentKeyForEveryPurpose() {
        Set<String> keys = new HashSet<>();
        for (Purpose purpose : Purpose.values()) {
            byte[] key = PseudonymKeys.derive(MASTER, purpose);
            assertThat(key).as(purpose.name()).hasSize(32).isEqualTo(PseudonymKeys.derive(MASTER, purpose));
            assertThat(key)
                    .as("%s is not the master secret itself", purpose)
                    .isNotEqualTo(Arrays.copyOf(MASTER.getBytes(java.nio.charset.StandardCharsets.UTF_8), 32));
            keys.add(java.util.HexFormat.of().formatHex(key));
        }
        assertThat(Purpose.values())
                .extracting(Purpose::name)
                .contains("UID", "PATIENT", "DATE_SHIFT", "STUDY", "OBJECT");
        assertThat(keys).as("one distinct key per purpose").hasSize(Purpose.values().length);
        assertThat(PseudonymKeys.derive(MASTER + "x", Purpose.STUDY))
                .isNotEqualTo(PseudonymKeys.derive(MASTER, Purpose.STUDY));
    }

    @Test
    void shouldKeepEveryLabelAsIssued() {
        // Changing a label silently changes every pseudonym of that kind: it is a new key id, not a refactoring.
        assertThat(Arrays.stream(Purpose.values()).map(Purpose::label).toList())
                .isEqualTo(List.of("uid", "patient", "date-shift", "study-key", "object-key"));
    }

    @Test
    void shouldPrintTheStudyKeySecretAsHkdfOfTheMasterSecret() {
        // Computed apart from this code (Python's hmac and hashlib, RFC 5869 written out), so the Java
        // derivation is checked against an independent one, not against itself.
        assertThat(PseudonymKeys.studyKeySecret(MASTER))
                .isEqualTo("osteon-study-key:df84295e31cc57d077c54e36e49cb7eb3805b09cd958b4a0a8b8813864b9fd27");
    }

    @Test
    void shouldRefuseAShortMasterSecretAndAStudyKeySecretInItsPlace() {
        assertThatThrownBy(() -> PseudonymKeys.studyKeySecret("short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes");
        String studyKeySecret = PseudonymKeys.studyKeySecret(MASTER);
        assertThatThrownBy(() -> new Pseudonymizer(studyKeySecret, "k2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("study-key secret")
                .hasMessageNotContaining(studyKeySecret);
    }
}
