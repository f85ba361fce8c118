package org.osteon.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * The ways objects get in: the C-STORE SCP, its TLS, the watched folder and the wait for Kafka's
 * acknowledgement. Environment names follow the usual mapping, e.g. {@code osteon.gateway.dicom.port}
 * is {@code OSTEON_GATEWAY_DICOM_PORT} (docs/runtime-contract.md).
 */
@ConfigMapping(prefix = "osteon.gateway")
public interface GatewayConfig {
    /** The DICOM C-STORE SCP. */
    @Valid
    Dicom dicom();

    /** The optional watched folder. */
    Folder folder();

    /**
     * How long a receipt waits for Kafka to acknowledge its event before the sender is told the store
     * failed (C-STORE status A700, STOW-RS failure 0110). Also the producer's delivery timeout.
     */
    @WithDefault("30s")
    Duration publishTimeout();

    /** Decoding of JPEG 2000 and JPEG-LS objects to explicit VR little endian on receipt (docs/gateway.md). */
    @Valid
    Transcode transcode();

    interface Transcode {
        /**
         * GDCM's gdcmconv (Debian package libgdcm-tools), run as {@code gdcmconv --raw}. When it is missing
         * such objects are refused as a fault of this side (C-STORE A700, STOW-RS 503), never dead-lettered.
         */
        @WithDefault("/usr/bin/gdcmconv")
        Path gdcmconv();

        /**
         * Longest one decode may run. A decode past it is killed and its object dead-lettered as
         * undecodable: a radiograph decodes in well under a second, a hostile codestream may not end.
         */
        @WithDefault("60s")
        @DurationMin(seconds = 1)
        @DurationMax(minutes = 10)
        Duration timeout();

        /**
         * Most decodes at once. An object that waits longer than {@link #timeout()} for its turn is refused
         * as a fault of this side (C-STORE A700, STOW-RS 503), never dead-lettered. Size the gateway's
         * memory for the heap plus this many times {@link #maxMemory()}.
         */
        @WithDefault("2")
        @Min(1)
        @Max(16)
        int maxConcurrent();

        /** Address space one decode may use (util-linux prlimit); a codestream that needs more is undecodable. */
        @WithDefault("1G")
        MemorySize maxMemory();
    }

    interface Dicom {
        /** Whether to run the C-STORE SCP at all. */
        @WithDefault("true")
        boolean enabled();

        /** TCP port the C-STORE SCP listens on. */
        @WithDefault("11112")
        @Min(1)
        @Max(65535)
        int port();

        /** Application Entity title the SCP answers to; DICOM allows 1 to 16 characters, no backslash. */
        @WithDefault("OSTEON")
        @NotBlank
        @Size(min = 1, max = 16)
        @Pattern(regexp = "[^\\\\]+")
        String aeTitle();

        /**
         * Calling AE titles allowed to open an association (comma-separated). Any other AE is rejected
         * with A-ASSOCIATE-RJ "calling AE title not recognized". Unset or empty: no AE at all, unless
         * {@link #allowAnyCallingAe()} says otherwise (fail closed).
         */
        Optional<Set<@Size(min = 1, max = 16) @Pattern(regexp = "[^\\\\]+") String>> allowedCallingAeTitles();

        /**
         * Whether an empty {@link #allowedCallingAeTitles()} lets every calling AE in. Off in production,
         * so that a gateway nobody configured refuses associations instead of taking PHI from anything
         * on the network; the dev and test profiles turn it on. A non-empty allow-list always wins.
         */
        @WithDefault("false")
        boolean allowAnyCallingAe();

        /**
         * Associations served at the same time. One more is rejected with A-ASSOCIATE-RJ (transient,
         * "local limit exceeded"), so a sender retries later instead of starving the others.
         */
        @WithDefault("16")
        @Min(1)
        @Max(1024)
        int maxAssociations();

        /** DICOM over TLS (PS3.15 Annex B.9, BCP 195: TLS 1.2 or later). Off by default. */
        @Valid
        Tls tls();
    }

    interface Tls {
        /** Whether the C-STORE SCP listens with TLS instead of plain TCP (same port). */
        @WithDefault("false")
        boolean enabled();

        /** Key store holding the SCP's private key and certificate chain; required when TLS is enabled. */
        Optional<Path> keyStore();

        /** Password of the key store (and of the key in it). Never put a production password in application.properties. */
        Optional<String> keyStorePassword();

        /** Key store type, e.g. PKCS12 or JKS. */
        @WithDefault("PKCS12")
        @NotBlank
        String keyStoreType();

        /**
         * Trust store of the certificate authorities (or the certificates themselves) that senders'
         * client certificates must chain to; required with {@link #requireClientCertificate()}.
         */
        Optional<Path> trustStore();

        /** Password of the trust store. */
        Optional<String> trustStorePassword();

        /** Trust store type, e.g. PKCS12 or JKS. */
        @WithDefault("PKCS12")
        @NotBlank
        String trustStoreType();

        /**
         * Whether a sender must present a client certificate from the trust store: a handshake without
         * one fails before any DICOM is exchanged. An AE title alone is a claim anyone can make.
         */
        @WithDefault("false")
        boolean requireClientCertificate();

        /**
         * Whether the calling AE title must equal the Common Name of the sender's client certificate:
         * binds each certificate to one AE title, so a certificate issued to one modality cannot speak
         * as another. Needs {@link #requireClientCertificate()}.
         */
        @WithDefault("false")
        boolean aeTitleFromCertificate();
    }

    interface Folder {
        /** A folder polled for new DICOM files (each is ingested, then removed); none when unset. */
        Optional<Path> path();

        /** How often the watched folder is polled, in milliseconds. */
        @WithDefault("500")
        @Min(50)
        long pollMillis();
    }
}
