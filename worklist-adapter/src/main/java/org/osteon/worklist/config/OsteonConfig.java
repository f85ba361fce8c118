package org.osteon.worklist.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Every key the worklist adapter defines under {@code osteon.}; checked at startup. */
@ConfigMapping(prefix = "osteon")
public interface OsteonConfig {

    /** Pseudonymization shared with de-identification, so studyKeys match across the zones. */
    @Valid
    Deid deid();

    /** The adapter's own consumers. */
    @Valid
    Worklist worklist();

    /** Write-back of priority changes to the RIS or PACS (docs/worklist.md). */
    @Valid
    Writeback writeback();

    /** Alerts to subscribers (SSE, signed webhooks) and on phi-worklist-alert-v1. */
    @Valid
    Alerts alerts();

    /** The research-zone object store the study view reads images and activation maps from. */
    @Valid
    Store store();

    /** Development aids for the embedded demo; all off by default. */
    @Valid
    Dev dev();

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

        /**
         * Failed attempts, in a row, after which a record is dead-lettered to phi-dead-letter-v1 so
         * the records behind it on its partition move on. A failure counts only when the database
         * answers a probe right after it and Kafka does not call the error retriable: during an outage
         * a record is retried, {@code retry-backoff} apart, for as long as the outage lasts.
         */
        @WithDefault("10")
        @Min(1)
        @Max(1000)
        int maxAttempts();

        /** Longest the adapter waits for Kafka to acknowledge an outgoing record before retrying. */
        @WithDefault("30s")
        Duration sendTimeout();

        /**
         * Anti-starvation wait-time cap: a ROUTINE study that has waited this long since arrival is
         * promoted to URGENT (source WAIT_CAP), once. {@code 0s} turns the cap off.
         */
        @WithDefault("4h")
        Duration waitCap();

        /**
         * Deadline of the review lane: a study flagged for review and not reviewed within this time
         * of being flagged is promoted to URGENT (source WAIT_CAP). {@code 0s} turns it off.
         */
        @WithDefault("1h")
        Duration reviewDeadline();

        /** How often the wait-time cap and the review deadline are checked. */
        @WithDefault("30s")
        Duration waitCapSweep();
    }

    interface Writeback {
        /** Attempts per change and target before it is dead-lettered (a permanent rejection goes at once). */
        @WithDefault("8")
        @Min(1)
        @Max(100)
        int maxAttempts();

        /** Pause after the first failed attempt; it doubles after each further failure. */
        @WithDefault("1s")
        Duration retryInitialBackoff();

        /** Upper bound of the doubling pause between attempts. */
        @WithDefault("5m")
        Duration retryMaxBackoff();

        /** How often the dispatcher looks for due outbox rows when it found none. */
        @WithDefault("200ms")
        Duration pollInterval();

        /** HL7 v2 OMI^O23 over MLLP. */
        @Valid
        Hl7 hl7();

        /** FHIR R4 ServiceRequest.priority. */
        @Valid
        Fhir fhir();

        /** DICOM UPS-RS Scheduled Procedure Step Priority. */
        @Valid
        Ups ups();
    }

    interface Hl7 {
        /** Send OMI^O23 order changes to an MLLP receiver; needs {@code host}. */
        @WithDefault("false")
        boolean enabled();

        /** Host of the RIS's MLLP receiver. */
        Optional<String> host();

        /** Port of the RIS's MLLP receiver. */
        @WithDefault("2575")
        @Min(1)
        @Max(65535)
        int port();

        /** Longest wait for the ACK before the attempt counts as failed and is retried. */
        @WithDefault("10s")
        Duration timeout();

        /** MSH-3, this system's application name. */
        @WithDefault("OSTEON")
        @NotBlank
        String sendingApplication();

        /** MSH-5, the receiving application's name. */
        @WithDefault("RIS")
        @NotBlank
        String receivingApplication();
    }

    interface Fhir {
        /** PATCH ServiceRequest.priority through the HAPI FHIR client; needs {@code base-url}. */
        @WithDefault("false")
        boolean enabled();

        /** FHIR R4 base URL of the RIS, e.g. https://ris.example.org/fhir. */
        Optional<String> baseUrl();

        /** Identifier system of the accession number on the RIS's ServiceRequests. */
        @WithDefault("urn:osteon:accession-number")
        @NotBlank
        String identifierSystem();

        /** Connect and read timeout of one request. */
        @WithDefault("10s")
        Duration timeout();
    }

    interface Ups {
        /** Update the UPS workitem's priority (0074,1200) through UPS-RS; needs {@code base-url}. */
        @WithDefault("false")
        boolean enabled();

        /** DICOMweb base URL that serves /workitems, e.g. https://pacs.example.org/dicom-web. */
        Optional<String> baseUrl();

        /** Timeout of one request. */
        @WithDefault("10s")
        Duration timeout();
    }

    interface Alerts {
        /** Base URL of the worklist page; an alert's link is this + {@code /#study=<studyKey>}. */
        @WithDefault("http://localhost:8080")
        @NotBlank
        String pageBaseUrl();

        /**
         * Whether webhook payloads carry the accession number (PHI). Off by default: external
         * subscribers get the study pseudonym and the link, and look the study up in the PHI zone.
         */
        @WithDefault("false")
        boolean webhookIncludeAccession();

        /** Timeout of one webhook delivery. */
        @WithDefault("10s")
        Duration webhookTimeout();
    }

    interface Store {
        /**
         * Root directory of the research-zone store (env {@code OSTEON_STORE_RESEARCH_ROOT}, the same
         * directory the streams app writes de-identified objects to). The study view reads images and
         * activation maps only below it; a decision naming a file elsewhere is refused. Unset: the
         * study view has no image. Set, it must be an existing directory (checked at startup).
         */
        Optional<Path> researchRoot();
    }

    interface Dev {
        /**
         * Runs the built-in RIS sink for the demo: a HAPI MLLP receiver and a FHIR endpoint inside
         * the adapter that record what they receive, shown at GET /api/dev/ris-sink. Never in production.
         */
        @WithDefault("false")
        boolean risSinkEnabled();

        /** Port of the RIS sink's MLLP receiver; point {@code osteon.writeback.hl7.port} at it. */
        @WithDefault("2575")
        @Min(1)
        @Max(65535)
        int risSinkHl7Port();
    }
}
