package org.osteon.streams.config;

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

/**
 * Every setting of the streams app that Osteon defines. Environment names follow the usual mapping,
 * e.g. {@code osteon.gateway.dicom.port} is {@code OSTEON_GATEWAY_DICOM_PORT} (docs/runtime-contract.md).
 */
@ConfigMapping(prefix = "osteon")
public interface OsteonConfig {

    /**
     * Identifier of the site (hospital, or imaging centre) this gateway serves, stamped on every
     * de-identified event so analytics can compare score distributions per site. A deployment name,
     * never a patient or staff identifier; letters, digits, dot, dash and underscore, at most 64.
     */
    Optional<@Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String> site();

    /** Whether this process runs the stream processing. */
    @Valid
    TopologyRole topology();

    /** The ways objects get in. */
    @Valid
    Gateway gateway();

    /** The claim-check object stores. */
    @Valid
    Store store();

    /** De-identification and pseudonyms. */
    @Valid
    Deid deid();

    /** Gating and study aggregation. */
    @Valid
    Gate gate();

    /** Topic creation at start-up. */
    @Valid
    Topics topics();

    /** Rolling triage metrics to triage-metrics-v1 and Prometheus (docs/analytics.md). */
    @Valid
    Analytics analytics();

    interface TopologyRole {
        /**
         * Run the Kafka Streams topology (de-identification, gating, study aggregation, analytics). False makes the
         * process a gateway only; run another with the gateway's DICOM listener off to do the processing.
         */
        @WithDefault("true")
        boolean enabled();
    }

    interface Gateway {
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

    interface Store {
        /** Folder of the PHI-zone object store: received objects as they arrived, {@code <study UID>/<SOP UID>.dcm}. */
        @WithDefault("osteon-data/phi-store")
        Path phiRoot();

        /** Folder of the research-zone object store: de-identified objects, {@code <studyKey>/<instanceKey>.dcm}. */
        @WithDefault("osteon-data/research-store")
        Path researchRoot();

        /**
         * Most bytes the PHI store's rejected area ({@code <phi-root>/.rejected}) may hold. Refused objects
         * are kept there for a person; a sender repeating bad objects must not fill the disk the good ones
         * need. Past the bound a refused object is answered as a fault of this side (C-STORE {@code A700},
         * STOW-RS 503): the sender keeps it, and an operator empties the area after reading its dead letters.
         */
        @WithDefault("10G")
        io.quarkus.runtime.configuration.MemorySize rejectedMaxSize();
    }

    interface Deid {
        /**
         * The master secret of the keyed-HMAC pseudonyms, at least 32 bytes: every pseudonym key (UIDs,
         * patient, date shift, study, series and instance) is derived from it (PseudonymKeys). No other
         * service holds it; the worklist adapter gets only the study-key subkey ({@code ./osteon derive-study-key}).
         * No default outside the dev and test profiles: production start-up fails without it.
         */
        @NotBlank
        @Size(min = 32, message = "osteon.deid.hmac-secret (OSTEON_DEID_HMAC_SECRET) must be at least 32 bytes")
        String hmacSecret();

        /**
         * Identifier (never the value) of that secret and of how keys are derived from it, written into every
         * event so keys can be rotated: pseudonyms under two key ids never match (docs/deidentification.md, "Keys").
         */
        @WithDefault("k2")
        @NotBlank
        String keyId();

        /**
         * De-identification profile file (format in docs/deidentification.md). Unset: the shipped
         * PS3.15 2024b Basic Profile table. A site copies that file to change it and bumps its version.
         */
        Optional<Path> profile();

        /**
         * PS3.15 options to enable, by the profile's names, e.g.
         * {@code retain-patient-characteristics,retain-longitudinal-modified-dates,clean-descriptors}.
         * Unset: the options the profile marks "on". Set to exactly the options wanted; an unknown name
         * fails start-up.
         */
        Optional<java.util.List<@NotBlank String>> options();

        /** Upper bound of the keyed per-patient date shift, in days (dates move back 1..N days). */
        @WithDefault("3650")
        @jakarta.validation.constraints.Min(1)
        @jakarta.validation.constraints.Max(36500)
        int maxDateShiftDays();

        /**
         * Whether a kept Patient's Age above 89 years becomes {@code 090Y} (HIPAA Safe Harbor: great ages
         * are rare enough to single a patient out). A key of its own, on by default, because
         * {@link #options()} only switches options on.
         */
        @WithDefault("true")
        boolean aggregateAgesOver89();
    }

    interface Gate {
        /**
         * How long a study's image decisions are kept for aggregation after its last image: an image
         * of the study arriving later starts a new aggregate. Radiograph studies complete within
         * minutes; a week covers late additions and replays.
         */
        @WithDefault("P7D")
        @org.hibernate.validator.constraints.time.DurationMin(minutes = 1)
        java.time.Duration studyRetention();
    }

    interface Topics {
        /** Whether to create missing Osteon topics at start-up. */
        @WithDefault("true")
        boolean create();

        /** Partitions of each topic created. */
        @WithDefault("3")
        @Min(1)
        int partitions();

        /** Replication factor of each topic created; 1 for the single-node demo broker. */
        @WithDefault("1")
        @Min(1)
        @Max(32767)
        short replicationFactor();
    }

    interface Analytics {
        /** Whether the topology runs the analytics job at all. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Length of the tumbling windows, in event time. A minute suits a demo; a production dashboard
         * that wants PSI per window needs windows long enough to hold psi-min-scores scores.
         */
        @WithDefault("PT1M")
        @org.hibernate.validator.constraints.time.DurationMin(seconds = 1)
        @org.hibernate.validator.constraints.time.DurationMax(days = 1)
        Duration window();

        /**
         * How long after its end, in wall-clock time, a window still takes records before it is closed
         * and issued once; a record for a closed window counts only towards the cumulative figures.
         */
        @WithDefault("PT10S")
        @org.hibernate.validator.constraints.time.DurationMin(seconds = 0)
        @org.hibernate.validator.constraints.time.DurationMax(hours = 1)
        Duration grace();

        /** Scores of each site and model, from its first after deployment, that form its PSI reference. */
        @WithDefault("500")
        @Min(10)
        @Max(1_000_000)
        int psiBaselineSize();

        /**
         * Scores a window needs before its PSI is computed. With 10 bins, n window and m reference scores
         * an undrifted PSI is about 9 (1/n + 1/m), so fewer than about 100 scores flag noise as drift.
         */
        @WithDefault("100")
        @Min(1)
        @Max(1_000_000)
        int psiMinScores();

        /** PSI at or above which a window is flagged as drifted; 0.2 is the usual rule of thumb, 0.1 a watch level. */
        @WithDefault("0.2")
        @jakarta.validation.constraints.DecimalMin(value = "0", inclusive = false)
        @jakarta.validation.constraints.DecimalMax("10")
        double psiDriftThreshold();
    }
}
