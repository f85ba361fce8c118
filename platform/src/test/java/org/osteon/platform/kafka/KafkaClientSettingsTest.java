package org.osteon.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {

    @Test
    void shouldPassTheSecuritySettingsThroughWithTheBootstrapServers() {
        Map<String, String> config = Map.of(
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.ssl.truststore.location", "/etc/osteon/kafka-ca/ca.crt",
                "kafka.acks", "0");

        Map<String, Object> base = KafkaClientSettings.from("kafka:9093", k -> Optional.ofNullable(config.get(k)))
                .base();

        assertThat(base)
                .containsOnly(
                        Map.entry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "kafka:9093"),
                        Map.entry("security.protocol", "SASL_SSL"),
                        Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                        Map.entry("ssl.truststore.location", "/etc/osteon/kafka-ca/ca.crt"));
    }

    @Test
    void shouldBePlainWhenNothingIsSet() {
        KafkaClientSettings settings = KafkaClientSettings.from("localhost:9092", k -> Optional.empty());

        assertThat(settings.security()).isEmpty();
        assertThat(settings.base())
                .containsOnly(Map.entry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092"));
        assertThat(settings).isEqualTo(KafkaClientSettings.plain("localhost:9092"));
    }

    @Test
    void shouldHandEachClientAFreshMapItMayAddTo() {
        KafkaClientSettings settings = KafkaClientSettings.plain("localhost:9092");

        settings.base().put("client.id", "one");

        assertThat(settings.base()).doesNotContainKey("client.id");
    }

    @Test
    void shouldReadTheSameKeysFromTheEnvironmentOutsideQuarkus() {
        Map<String, String> environment = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9093",
                "KAFKA_SECURITY_PROTOCOL", "SSL",
                "KAFKA_SSL_TRUSTSTORE_TYPE", "PEM",
                "KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", "");

        KafkaClientSettings settings = KafkaClientSettings.fromEnvironment(environment, "localhost:9092");

        assertThat(settings.bootstrapServers()).isEqualTo("kafka:9093");
        assertThat(settings.security())
                .containsOnly(Map.entry("security.protocol", "SSL"), Map.entry("ssl.truststore.type", "PEM"));
        assertThat(KafkaClientSettings.fromEnvironment(Map.of(), "localhost:9092"))
                .isEqualTo(KafkaClientSettings.plain("localhost:9092"));
    }
}
