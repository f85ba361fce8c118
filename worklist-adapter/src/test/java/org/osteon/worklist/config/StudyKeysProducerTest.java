package org.osteon.worklist.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.osteon.platform.config.StudyKeysProducer;
import org.osteon.schemas.key.PseudonymSecrets;

/** The adapter takes the study-key secret only (platform StudyKeysProducer), and refuses the master pseudonym secret. */
class StudyKeysProducerTest {

    private static final String MASTER = "a-master-secret-of-at-least-32-bytes-0123";

    @Test
    void shouldRefuseToStartWithTheMasterSecretInItsEnvironment() {
        Config withMaster = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(Map.of("OSTEON_DEID_HMAC_SECRET", MASTER), 300))
                .build();
        assertThatThrownBy(() -> StudyKeysProducer.refuseTheMasterSecret(withMaster))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("osteon.worklist.study-key-secret")
                .hasMessageNotContaining(MASTER);

        Config withStudyKey = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(
                        Map.of("OSTEON_WORKLIST_STUDY_KEY_SECRET", "osteon-study-key:" + "0".repeat(64)), 300))
                .build();
        assertThatCode(() -> StudyKeysProducer.refuseTheMasterSecret(withStudyKey))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseTheMasterSecretFromAnyProfileOfItsConfiguration() {
        Config withMaster = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withProfile("dev")
                .withSources(new PropertiesConfigSource(Map.of("%dev.osteon.deid.hmac-secret", MASTER), "test", 100))
                .build();
        assertThatThrownBy(() -> StudyKeysProducer.refuseTheMasterSecret(withMaster))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldMapNoMasterSecretAndShipNone() throws IOException {
        // Every key the adapter's configuration maps, as Quarkus names them: none is the master secret.
        List<String> mapped = new ArrayList<>();
        collect("osteon", WorklistConfig.class, mapped);
        assertThat(mapped)
                .contains("osteon.worklist.study-key-secret", "osteon.deid.key-id")
                .doesNotContain(PseudonymSecrets.MASTER_SECRET_KEY);
        Properties shipped = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            shipped.load(in);
        }
        assertThat(shipped.stringPropertyNames())
                .noneMatch(k -> k.endsWith("osteon.deid.hmac-secret"))
                .anyMatch(k -> k.endsWith("osteon.worklist.study-key-secret"));
    }

    private static void collect(String prefix, Class<?> mapping, List<String> keys) {
        for (Method m : mapping.getDeclaredMethods()) {
            if (m.getParameterCount() > 0 || m.isDefault() || java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            String key = prefix + "."
                    + m.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            Class<?> type = m.getReturnType();
            if (type.isInterface() && type.getName().startsWith(WorklistConfig.class.getName() + "$")) {
                collect(key, type, keys);
            } else {
                keys.add(key);
            }
        }
    }
}
