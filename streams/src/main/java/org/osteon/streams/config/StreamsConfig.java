package org.osteon.streams.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.osteon.platform.config.MasterSecret;

/**
 * Every setting of the streams app that Osteon defines. Environment names follow the usual mapping,
 * e.g. {@code osteon.gateway.dicom.port} is {@code OSTEON_GATEWAY_DICOM_PORT} (docs/runtime-contract.md).
 */
@ConfigMapping(prefix = "osteon")
public interface StreamsConfig {

    /**
     * Identifier of the site (hospital, or imaging centre) this gateway serves, stamped on every
     * de-identified event so analytics can compare score distributions per site. A deployment name,
     * never a patient or staff identifier; letters, digits, dot, dash and underscore, at most 64.
     */
    Optional<@Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String> site();

    /** De-identification and pseudonyms. */
    @Valid
    Deid deid();

    /** Gating, and how long the topology remembers a study. */
    @Valid
    Gate gate();

    /** Rolling triage metrics to triage-metrics-v1 and Prometheus (docs/analytics.md). */
    @Valid
    Analytics analytics();

    interface Deid {
        /**
         * The master secret of the keyed-HMAC pseudonyms, at least 32 bytes (UTF-8), not blank, not a study-key
         * secret (the rule is PseudonymSecrets, the same the key derivation applies): every pseudonym key (UIDs,
         * patient, date shift, study, series and instance) is derived from it (PseudonymKeys). No other
         * service holds it; the worklist adapter gets only the study-key subkey ({@code ./osteon derive-study-key}).
         * No default outside the dev and test profiles: production start-up fails without it.
         */
        @MasterSecret
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
        @WithName("aggregate-ages-over-89")
        @WithDefault("true")
        boolean aggregateAgesOver89();
    }

    interface Gate {
        /**
         * How long the analytics job remembers a study's site after its last image decision, to
         * attribute the study's worklist outcomes (which carry no site) to it; an outcome later than
         * that counts under site {@code unknown}. Radiograph studies complete within minutes; a week
         * covers late additions and replays.
         */
        @WithDefault("P7D")
        @org.hibernate.validator.constraints.time.DurationMin(minutes = 1)
        java.time.Duration studyRetention();
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
