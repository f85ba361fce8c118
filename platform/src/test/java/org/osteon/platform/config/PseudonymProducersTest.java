package org.osteon.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Map;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;
import org.osteon.schemas.key.PseudonymKeys;
import org.osteon.schemas.key.Pseudonymizer;
import org.osteon.schemas.key.StudyKeys;

/** The two pseudonym products and the start-up check of their secrets. */
class PseudonymProducersTest {

    private static final String MASTER = "a-master-secret-of-at-least-32-bytes-0123";

    private static SmallRyeConfig config(Map<String, String> values) {
        // In a service the key id's default comes from its mapping (@WithDefault), which SmallRye adds as a default
        // value.
        return new SmallRyeConfigBuilder()
                .withDefaultValue("osteon.deid.key-id", "k2")
                .withSources(new PropertiesConfigSource(values, "test", 100))
                .build();
    }

    @Test
    void shouldMakeStudyKeysThatMatchThePseudonymizerOfTheMasterSecret() {
        Pseudonymizer pseudonymizer = PseudonymizerProducer.of(config(Map.of("osteon.deid.hmac-secret", MASTER)));
        StudyKeys studyKeys = StudyKeysProducer.of(
                config(Map.of("osteon.worklist.study-key-secret", PseudonymKeys.studyKeySecret(MASTER))));
        assertThat(pseudonymizer.keyId()).isEqualTo("k2");
        assertThat(studyKeys.keyId()).isEqualTo("k2");
        assertThat(studyKeys.studyKey("1.2.3")).isEqualTo(pseudonymizer.studyKey("1.2.3"));
    }

    @Test
    void shouldRefuseStudyKeysWhereTheMasterSecretIsSetWithoutEchoingIt() {
        SmallRyeConfig both = config(Map.of(
                "osteon.deid.hmac-secret",
                MASTER,
                "osteon.worklist.study-key-secret",
                PseudonymKeys.studyKeySecret(MASTER)));
        assertThatThrownBy(() -> StudyKeysProducer.of(both))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("osteon.worklist.study-key-secret")
                .hasMessageNotContaining(MASTER);
    }

    @Test
    void shouldRefuseAShortMasterSecretWithoutEchoingIt() {
        String short31 = "s".repeat(31);
        assertThatThrownBy(() -> PseudonymizerProducer.of(config(Map.of("osteon.deid.hmac-secret", short31))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("osteon.deid.hmac-secret")
                .hasMessageNotContaining(short31);
    }

    record Secrets(
            @MasterSecret String master, @StudyKeySecret String studyKey) {}

    @Test
    void shouldCheckTheSecretsAtStartUpByTheSameRule() {
        Validator validator = Validation.byDefaultProvider()
                .configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory()
                .getValidator();
        assertThat(validator.validate(new Secrets("s".repeat(32), PseudonymKeys.studyKeySecret(MASTER))))
                .isEmpty();

        Set<ConstraintViolation<Secrets>> refused = validator.validate(new Secrets("s".repeat(31), MASTER));
        assertThat(refused)
                .extracting(ConstraintViolation::getMessage)
                .hasSize(2)
                .anySatisfy(m -> assertThat(m).contains("osteon.deid.hmac-secret", "at least 32 bytes, got 31"))
                .anySatisfy(m -> assertThat(m).contains("osteon.worklist.study-key-secret", "derive-study-key"))
                .allSatisfy(m -> assertThat(m).doesNotContain(MASTER).doesNotContain("s".repeat(31)));
        assertThat(validator.validate(new Secrets(" ".repeat(40), PseudonymKeys.studyKeySecret(MASTER))))
                .extracting(ConstraintViolation::getMessage)
                .singleElement()
                .asString()
                .contains("blank");
    }
}
