package org.osteon.schemas.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one rule for both pseudonym secrets, at its bounds, and never echoing the value. */
class PseudonymSecretsTest {

    @Test
    void shouldRefuseAMasterSecretOf31BytesAndAcceptOneOf32() {
        String bytes31 = "s".repeat(31);
        assertThat(PseudonymSecrets.masterSecretProblem(bytes31))
                .hasValueSatisfying(problem -> assertThat(problem)
                        .contains("osteon.deid.hmac-secret", "OSTEON_DEID_HMAC_SECRET", "at least 32 bytes, got 31")
                        .doesNotContain(bytes31));
        assertThat(PseudonymSecrets.masterSecretProblem("s".repeat(32))).isEmpty();
        assertThatThrownBy(() -> PseudonymSecrets.requireMasterSecret(bytes31))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(bytes31);
    }

    @Test
    void shouldCountUtf8BytesNotCharacters() {
        // 16 two-byte letters: 16 characters, 32 bytes, which is what HKDF is given.
        assertThat(PseudonymSecrets.masterSecretProblem("é".repeat(16))).isEmpty();
        assertThat(PseudonymSecrets.masterSecretProblem("é".repeat(15) + "e")).isPresent();
    }

    @Test
    void shouldRefuseABlankOrMissingMasterSecretWhateverItsLength() {
        assertThat(PseudonymSecrets.masterSecretProblem(" ".repeat(40)))
                .hasValueSatisfying(p -> assertThat(p).contains("blank"));
        assertThat(PseudonymSecrets.masterSecretProblem("")).isPresent();
        assertThat(PseudonymSecrets.masterSecretProblem(null)).isPresent();
    }

    @Test
    void shouldRefuseTheStudyKeySecretAsAMasterSecretWithoutEchoingIt() {
        String studyKeySecret = PseudonymKeys.studyKeySecret("m".repeat(32));
        assertThat(PseudonymSecrets.masterSecretProblem(studyKeySecret))
                .hasValueSatisfying(
                        p -> assertThat(p).contains("study-key secret").doesNotContain(studyKeySecret));
    }

    @Test
    void shouldAcceptOnlyADerivedStudyKeySecret() {
        String master = "m".repeat(32);
        String good = PseudonymKeys.studyKeySecret(master);
        assertThat(PseudonymSecrets.studyKeySecretProblem(good)).isEmpty();
        for (String wrong : new String[] {master, "", " ", good + "0", good.substring(0, good.length() - 1)}) {
            assertThat(PseudonymSecrets.studyKeySecretProblem(wrong))
                    .as(wrong)
                    .hasValueSatisfying(p -> assertThat(p)
                            .contains("osteon.worklist.study-key-secret", "derive-study-key")
                            .doesNotContain(master));
        }
        assertThat(PseudonymSecrets.studyKeySecretProblem(null)).isPresent();
    }
}
