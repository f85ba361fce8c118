package org.osteon.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keys bind under the names the README documents, which SmallRye's kebab case would not always give. */
class StreamsConfigTest {

    private static StreamsConfig map(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(StreamsConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(StreamsConfig.class);
    }

    @Test
    void shouldReadTheAgeAggregationSwitchUnderItsDocumentedName() {
        String secret = "s".repeat(32);
        assertThat(map(Map.of("osteon.deid.hmac-secret", secret)).deid().aggregateAgesOver89())
                .isTrue();
        assertThat(map(Map.of("osteon.deid.hmac-secret", secret, "osteon.deid.aggregate-ages-over-89", "false"))
                        .deid()
                        .aggregateAgesOver89())
                .isFalse();
    }
}
