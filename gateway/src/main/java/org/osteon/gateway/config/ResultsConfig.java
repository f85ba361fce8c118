package org.osteon.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * The results writer and its destinations (docs/results.md): the DICOM objects made from each image's
 * triage decision, and the PACS they are stored into. With no destination the writer does not run:
 * objects nobody receives are not made.
 */
@ConfigMapping(prefix = "osteon.results")
public interface ResultsConfig {

    /**
     * The PACS each result object is stored into, by a name of the operator's choice (used in audit
     * events, logs and the delivery's consumer group). Each destination gets every object.
     */
    Map<String, @Valid Destination> destinations();

    /** AE title Osteon calls from when it stores results by C-STORE; 1 to 16 characters, no backslash. */
    @WithDefault("OSTEON")
    @NotBlank
    @Size(min = 1, max = 16)
    @Pattern(regexp = "[^\\\\]+")
    String callingAeTitle();

    /** Attempts per object and destination; after the last one the object is dead-lettered for replay. */
    @WithDefault("8")
    @Min(1)
    @Max(100)
    int maxAttempts();

    /** Wait after the first failed attempt; it doubles after each further one, up to {@link #maxBackoff()}. */
    @WithDefault("1s")
    @DurationMin(millis = 10)
    Duration initialBackoff();

    /** Longest wait between two attempts. */
    @WithDefault("30s")
    @DurationMin(millis = 10)
    Duration maxBackoff();

    /** Connect and response timeout of one delivery attempt (association or HTTP request). */
    @WithDefault("30s")
    @DurationMin(seconds = 1)
    Duration timeout();

    /** Folder of the writer's Kafka Streams state (the de-identification audits it joins decisions with). */
    @WithDefault("osteon-data/results-state")
    Path stateDir();

    interface Destination {
        /** {@code dimse} (C-STORE) or {@code stow-rs} (DICOMweb STOW-RS). */
        Protocol protocol();

        /** Host of the destination's C-STORE SCP; required for {@code dimse}. */
        Optional<@NotBlank String> host();

        /** Port of the destination's C-STORE SCP; required for {@code dimse}. */
        Optional<@Min(1) @Max(65535) Integer> port();

        /** AE title of the destination's C-STORE SCP; required for {@code dimse}. */
        Optional<@Size(min = 1, max = 16) @Pattern(regexp = "[^\\\\]+") String> aeTitle();

        /**
         * DICOMweb base URL of the destination (http or https); objects are posted to {@code <url>/studies}.
         * Required for {@code stow-rs}.
         */
        Optional<URI> url();

        /** HTTP Basic user name for {@code stow-rs}; with {@link #password()}. */
        Optional<String> username();

        /** HTTP Basic password for {@code stow-rs}. Never put a production password in application.properties. */
        Optional<String> password();

        /** Bearer token for {@code stow-rs}, instead of Basic. */
        Optional<String> bearerToken();

        /** TLS to the destination: DICOM TLS for {@code dimse} (PS3.15 B.9), https for {@code stow-rs}. */
        @Valid
        Tls tls();
    }

    enum Protocol {
        DIMSE,
        STOW_RS
    }

    interface Tls {
        /** Whether to connect with TLS (TLS 1.2 or later, the host name checked against the certificate). */
        @WithDefault("false")
        boolean enabled();

        /** Trust store of the authorities the destination's certificate must chain to; the JDK's when unset. */
        Optional<Path> trustStore();

        /** Password of the trust store. */
        Optional<String> trustStorePassword();

        /** Trust store type, e.g. PKCS12 or JKS. */
        @WithDefault("PKCS12")
        @NotBlank
        String trustStoreType();

        /** Key store with Osteon's client certificate, for a destination that requires one. */
        Optional<Path> keyStore();

        /** Password of the key store (and of the key in it). */
        Optional<String> keyStorePassword();

        /** Key store type, e.g. PKCS12 or JKS. */
        @WithDefault("PKCS12")
        @NotBlank
        String keyStoreType();
    }
}
