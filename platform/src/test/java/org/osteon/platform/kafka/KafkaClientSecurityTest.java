package org.osteon.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KafkaClientSecurityTest {

    @Test
    void shouldPassThroughOnlyTheSecuritySettingsThatAreSet() {
        Map<String, String> config = Map.of(
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "kafka.ssl.truststore.type", "PEM",
                "kafka.ssl.truststore.location", "/etc/osteon/kafka-ca/ca.crt",
                "kafka.ssl.keystore.password", " ",
                "kafka.bootstrap.servers", "kafka:9093",
                "kafka.acks", "0");

        Map<String, Object> settings = KafkaClientSecurity.from(k -> Optional.ofNullable(config.get(k)));

        assertThat(settings)
                .containsOnlyKeys(
                        "security.protocol",
                        "sasl.mechanism",
                        "sasl.jaas.config",
                        "ssl.truststore.type",
                        "ssl.truststore.location");
        assertThat(settings).containsEntry("security.protocol", "SASL_SSL").containsEntry("ssl.truststore.type", "PEM");
    }

    @Test
    void shouldAddNothingForAPlaintextCluster() {
        assertThat(KafkaClientSecurity.from(k -> Optional.empty())).isEmpty();
    }
}
