package org.osteon.schemas.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StudyKeysTest {

    private static final String MASTER = "test-secret-test-secret-test-secret-0123";

    @Test
    void shouldMakeTheStudyKeysOfTheMasterSecretFromTheDerivedSecretAlone() {
        Pseudonymizer pseudonymizer = new Pseudonymizer(MASTER, "k2");
        StudyKeys worklist = new StudyKeys(PseudonymKeys.studyKeySecret(MASTER), "k2");
        for (String uid : new String[] {"1.2.3", "1.2.840.113619.2.55.3.604688.1", "2.25.1", ""}) {
            assertThat(worklist.studyKey(uid)).as(uid).isEqualTo(pseudonymizer.studyKey(uid));
        }
        assertThat(worklist.keyId()).isEqualTo("k2");
        assertThat(new StudyKeys(PseudonymKeys.studyKeySecret(MASTER + "x"), "k2").studyKey("1.2.3"))
                .isNotEqualTo(pseudonymizer.studyKey("1.2.3"));
    }

    @Test
    void shouldMakeNothingButStudyKeys() {
        // The worklist's whole view of the pseudonyms: a constructor, its key id and study keys.
        assertThat(Arrays.stream(StudyKeys.class.getMethods())
                        .filter(m -> m.getDeclaringClass() == StudyKeys.class)
                        .map(m -> m.getName())
                        .sorted()
                        .toList())
                .containsExactly("keyId", "studyKey");
        assertThat(StudyKeys.class.getConstructors())
                .singleElement()
                .satisfies(c -> assertThat(c.getParameterTypes()).containsExactly(String.class, String.class));
    }

    @Test
    void shouldRefuseAnythingButADerivedStudyKeySecretAndNeverEchoIt() {
        String master = MASTER;
        String hexOnly = PseudonymKeys.studyKeySecret(MASTER).substring(PseudonymKeys.STUDY_KEY_SECRET_PREFIX.length());
        for (String wrong : new String[] {
            master,
            hexOnly,
            "osteon-study-key:" + hexOnly.substring(2),
            "osteon-study-key:" + hexOnly + "00",
            "osteon-study-key:g" + hexOnly.substring(1)
        }) {
            assertThatThrownBy(() -> new StudyKeys(wrong, "k2"))
                    .as(wrong)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("derive-study-key")
                    .hasMessageNotContaining(wrong);
        }
    }
}
