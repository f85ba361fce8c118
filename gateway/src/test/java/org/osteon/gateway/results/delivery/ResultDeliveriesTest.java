package org.osteon.gateway.results.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.osteon.gateway.config.ResultsConfig;

/** A destination's settings are checked when the gateway starts, so a mistake never waits for the first result. */
class ResultDeliveriesTest {

    private final ResultDeliveries deliveries = new ResultDeliveries(new Settings(), null, null, "localhost:9092");

    @Test
    void shouldBuildACStoreSenderAndAStowRsSender() {
        assertThat(deliveries.sender("pacs", dimse("pacs.hospital.example", 104, "PACS")))
                .isInstanceOf(CStoreSender.class);
        assertThat(deliveries.sender("web", stow("http://localhost:8042/dicom-web", false, true)))
                .isInstanceOf(StowRsSender.class);
    }

    @Test
    void shouldNameTheMissingKeyOfADimseDestination() {
        assertThatThrownBy(() -> deliveries.sender("pacs", dimse(null, 104, "PACS")))
                .hasMessageContaining("osteon.results.destinations.pacs.host is required");
        assertThatThrownBy(() -> deliveries.sender("pacs", dimse("pacs", null, "PACS")))
                .hasMessageContaining("osteon.results.destinations.pacs.port is required");
        assertThatThrownBy(() -> deliveries.sender("pacs", dimse("pacs", 104, null)))
                .hasMessageContaining("osteon.results.destinations.pacs.ae-title is required");
    }

    @Test
    void shouldRefuseANameThatCannotBeAGroupOrAnEnvironmentVariable() {
        for (String name : new String[] {"Pacs", "pacs-1", "pacs_1", "", "1pacs", "a".repeat(32), "pacs\nx"}) {
            assertThatThrownBy(() -> deliveries.sender(name, dimse("pacs", 104, "PACS")))
                    .as(name)
                    .hasMessageContaining("must match");
        }
    }

    @Test
    void shouldRefuseAStowRsUrlThatIsNotHttpOrDisagreesWithTls() {
        assertThatThrownBy(() -> deliveries.sender("web", stow("ftp://pacs/dicom-web", false, false)))
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> deliveries.sender("web", stow("https://pacs/dicom-web", false, false)))
                .hasMessageContaining("tls.enabled must be true exactly when");
        assertThatThrownBy(() -> deliveries.sender("web", stow("http://pacs/dicom-web", true, false)))
                .hasMessageContaining("tls.enabled must be true exactly when");
    }

    @Test
    void shouldNeverSendCredentialsInClearTextBeyondThisHost() {
        assertThatThrownBy(() -> deliveries.sender("web", stow("http://pacs.hospital.example/dicom-web", false, true)))
                .hasMessageContaining("must be https when the destination has credentials");
        assertThat(deliveries.sender("web", stow("http://127.0.0.1:8042/dicom-web", false, true)))
                .isInstanceOf(StowRsSender.class);
        assertThat(deliveries.sender("web", stow("http://pacs.hospital.example/dicom-web", false, false)))
                .isInstanceOf(StowRsSender.class);
        assertThat(ResultDeliveries.loopback("127.0.0.1")).isTrue();
        assertThat(ResultDeliveries.loopback("[::1]")).isTrue();
        assertThat(ResultDeliveries.loopback("localhost")).isTrue();
        assertThat(ResultDeliveries.loopback("127.example.org")).isFalse();
        assertThat(ResultDeliveries.loopback("127.0.0.1.nip.io")).isFalse();
        assertThat(ResultDeliveries.loopback("10.0.0.1")).isFalse();
        assertThatThrownBy(() -> deliveries.sender("web", stow("http://127.attacker.example/dicom-web", false, true)))
                .hasMessageContaining("must be https");
    }

    @Test
    void shouldGiveTheGroupLongerThanTheWorstRetryBeforeItRebalances() {
        DestinationWorker.Policy policy =
                new DestinationWorker.Policy(8, Duration.ofSeconds(1), Duration.ofSeconds(30));
        // 8 attempts x (2 x 30 s timeout + 30 s backoff) + 1 min.
        assertThat(deliveries.worstCase(policy)).isEqualTo(8 * 90_000L + 60_000L);
        assertThat(deliveries.consumerSettings("pacs", policy))
                .containsEntry("group.id", "phi-result-delivery-pacs")
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("max.poll.interval.ms", 8 * 90_000 + 60_000);
    }

    private static ResultsConfig.Destination dimse(String host, Integer port, String aeTitle) {
        return new Destination(
                ResultsConfig.Protocol.DIMSE,
                Optional.ofNullable(host),
                Optional.ofNullable(port),
                Optional.ofNullable(aeTitle),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                new Tls(false));
    }

    private static ResultsConfig.Destination stow(String url, boolean tls, boolean credentials) {
        return new Destination(
                ResultsConfig.Protocol.STOW_RS,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(URI.create(url)),
                credentials ? Optional.of("osteon") : Optional.empty(),
                credentials ? Optional.of("secret") : Optional.empty(),
                new Tls(tls));
    }

    private record Destination(
            ResultsConfig.Protocol protocol,
            Optional<String> host,
            Optional<Integer> port,
            Optional<String> aeTitle,
            Optional<URI> url,
            Optional<String> username,
            Optional<String> password,
            ResultsConfig.Tls tls)
            implements ResultsConfig.Destination {
        @Override
        public Optional<String> bearerToken() {
            return Optional.empty();
        }
    }

    /** TLS with the JDK's trust anchors: no store files. */
    private record Tls(boolean enabled) implements ResultsConfig.Tls {
        @Override
        public Optional<Path> trustStore() {
            return Optional.empty();
        }

        @Override
        public Optional<String> trustStorePassword() {
            return Optional.empty();
        }

        @Override
        public String trustStoreType() {
            return "PKCS12";
        }

        @Override
        public Optional<Path> keyStore() {
            return Optional.empty();
        }

        @Override
        public Optional<String> keyStorePassword() {
            return Optional.empty();
        }

        @Override
        public String keyStoreType() {
            return "PKCS12";
        }
    }

    private static final class Settings implements ResultsConfig {
        @Override
        public Map<String, Destination> destinations() {
            return Map.of();
        }

        @Override
        public String callingAeTitle() {
            return "OSTEON";
        }

        @Override
        public int maxAttempts() {
            return 8;
        }

        @Override
        public Duration initialBackoff() {
            return Duration.ofSeconds(1);
        }

        @Override
        public Duration maxBackoff() {
            return Duration.ofSeconds(30);
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(30);
        }

        @Override
        public Path stateDir() {
            return Path.of("unused");
        }
    }
}
