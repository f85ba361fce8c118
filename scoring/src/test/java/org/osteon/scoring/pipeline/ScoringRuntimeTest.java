package org.osteon.scoring.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** The scoring clients start from the shared client settings and keep their own on top. */
class ScoringRuntimeTest {

    private static final Map<String, Object> SECURITY =
            Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512");

    private final ScoringRuntime.Options options = new ScoringRuntime.Options(
            "kafka:9093",
            "osteon-scoring-tx",
            "0",
            16,
            50,
            2,
            100,
            2,
            1,
            false,
            java.nio.file.Path.of("/srv/osteon/research"),
            Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000),
            TransactionalLoop.NO_FAULTS);

    @Test
    void consumerShouldCarryTheClusterSecurityAndItsOwnSettings() {
        Properties p = ScoringRuntime.consumerProperties(options, SECURITY);

        assertThat(p)
                .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, ScoringRuntime.GROUP_ID)
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 16)
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000);
    }

    @Test
    void producerShouldCarryTheClusterSecurityAndBeTransactional() {
        Properties p = ScoringRuntime.producerProperties(options, SECURITY);

        assertThat(p)
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "osteon-scoring-tx-0")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all");
    }

    @Test
    void aPlaintextClusterShouldAddNothingButTheBootstrapServers() {
        Properties p = ScoringRuntime.producerProperties(options, Map.of());

        assertThat(p).doesNotContainKey("security.protocol").hasSize(4);
    }
}
