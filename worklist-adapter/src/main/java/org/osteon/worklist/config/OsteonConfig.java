package org.osteon.worklist.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Duration;

/** Every key the worklist adapter defines under {@code osteon.}; checked at startup. */
@ConfigMapping(prefix = "osteon")
public interface OsteonConfig {

    /** Pseudonymization shared with de-identification, so studyKeys match across the zones. */
    @Valid
    Deid deid();

    /** The adapter's own consumers. */
    @Valid
    Worklist worklist();

    interface Deid {
        /**
         * HMAC secret for study pseudonyms (env {@code OSTEON_DEID_HMAC_SECRET}), at least 32 bytes and
         * the same as the streams app's. No default outside {@code %dev}/{@code %test}: a missing
         * secret stops the adapter at startup.
         */
        @Size(min = 32, message = "must be at least 32 characters (Pseudonymizer.MIN_SECRET_BYTES)")
        String hmacSecret();

        /** Identifier (never the value) of the secret, env {@code OSTEON_DEID_KEY_ID}. */
        @WithDefault("k1")
        @NotBlank
        String keyId();
    }

    interface Worklist {
        /** Kafka consumer group of both consumer loops. */
        @WithDefault("osteon-worklist")
        @NotBlank
        String consumerGroup();

        /** Longest a consumer waits in one poll; bounds how fast shutdown is noticed. */
        @WithDefault("500ms")
        Duration pollTimeout();

        /** Pause before retrying a record the store or the producer could not handle. */
        @WithDefault("2s")
        Duration retryBackoff();

        /** Longest the adapter waits for Kafka to acknowledge an outgoing record before retrying. */
        @WithDefault("30s")
        Duration sendTimeout();
    }
}
