package org.osteon.worklist.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.osteon.platform.config.StudyKeySecret;

/** Every key the worklist adapter defines under {@code osteon.}; checked at startup. */
@ConfigMapping(prefix = "osteon")
public interface WorklistConfig {

    /** The pseudonyms' key id, shared with de-identification. */
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

    /** Final diagnoses received as HL7 v2 ORU^R01 (docs/worklist.md#diagnoses); the REST intake needs no key. */
    @Valid
    Diagnoses diagnoses();

    /** Development aids for the embedded demo; all off by default. */
    @Valid
    Dev dev();

    /** The page and the API over HTTP: sign-in throttling, the session cookie (docs/worklist.md#sign-in-and-roles). */
    @Valid
    Web web();

    /** The admin's model panel on the page: how this adapter forwards an approved promotion to scoring. */
    @Valid
    ModelPromotion modelPromotion();

    interface ModelPromotion {
        /**
         * Scoring's base URL, e.g. {@code https://scoring.osteon.svc:8082} (env
         * {@code OSTEON_MODEL_PROMOTION_SCORING_URL}): the page's "Approve promotion" is forwarded to its
         * {@code POST /api/model/promote}. Unset (the default): promotion is off and the panel says so.
         * http or https, with a host and nothing after the path; a plain http URL only to loopback, since
         * the token travels with it. Checked at start-up ({@code promotion.ScoringLink}).
         */
        Optional<@Pattern(regexp = "https?://[^\\s]+", message = "must be an http or https URL") String> scoringUrl();

        /**
         * A file holding the bearer JWT (with {@code admin} in its groups) this adapter presents to scoring
         * (env {@code OSTEON_MODEL_PROMOTION_TOKEN_FILE}); required with {@link #scoringUrl()}, read at each
         * call so a rotated token needs no restart, at most 16 KiB. Never logged or sent to the page.
         */
        Optional<Path> tokenFile();

        /** Connect and answer timeout of one call to scoring; a promotion loads and checks a model. */
        @WithDefault("60s")
        @DurationMin(seconds = 1)
        @DurationMax(minutes = 10)
        Duration timeout();
    }

    interface Deid {
        /**
         * Identifier (never the value) of the master pseudonym secret that {@code worklist.study-key-secret}
         * was derived from, env {@code OSTEON_DEID_KEY_ID}; the same as the streams app's.
         */
        @WithDefault("k2")
        @NotBlank
        String keyId();
    }

    interface Worklist {
        /**
         * The study-key secret, env {@code OSTEON_WORKLIST_STUDY_KEY_SECRET}: what {@code ./osteon derive-study-key}
         * prints for the streams app's master secret ({@code osteon.deid.hmac-secret}, which this adapter must
         * never hold). It makes study keys and nothing else. No default outside {@code %dev}/{@code %test}: a
         * missing secret stops the adapter at startup. Checked by the rule StudyKeys applies (PseudonymSecrets);
         * StudyKeysProducer (platform) makes the study keys from it.
         */
        @StudyKeySecret
        String studyKeySecret();

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

        /**
         * URL template of the study in the PACS viewer, linked from each worklist row; unset: no link.
         * Placeholders {@code {StudyInstanceUID}}, {@code {AccessionNumber}}, {@code {PatientID}} and
         * {@code {OrthancStudyId}} (Orthanc's study id, SHA-1 of PatientID|StudyInstanceUID), each
         * percent-encoded. Checked at start-up: http or https, a fixed host, known placeholders only
         * (PacsViewerTemplate). A row gets no link while a placeholder it needs has no value.
         */
        Optional<@ViewerUrlTemplate String> pacsViewerUrl();
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

        /** The lease that lets one replica at a time send write-backs and run the wait-cap sweep. */
        @Valid
        Lease lease();

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

    interface Lease {
        /**
         * How long a held lease lasts without renewal (renewed every third of it): the longest a
         * killed holder's write-backs wait for another replica. Must exceed 1.5 times the longest
         * send (four times the longest target timeout), so that sending never waits between renewals;
         * a send starts only while the lease outlasts it, so it ends before the lease can pass on.
         */
        @WithDefault("90s")
        @DurationMin(seconds = 2)
        @DurationMax(minutes = 10)
        Duration ttl();
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

        /** MLLP over TLS to the RIS (off by default: plain MLLP, as most RIS listeners speak). */
        @Valid
        Hl7Tls tls();
    }

    interface Hl7Tls {
        /**
         * Whether the MLLP connection runs over TLS 1.2 or later. The RIS's certificate must chain to
         * {@link #trustStore()} (or, unset, to the JVM's default trust store) and name
         * {@code osteon.writeback.hl7.host} (DNS or IP subject alternative name); either failure ends
         * the handshake before any HL7 is sent, and the attempt is retried.
         */
        @WithDefault("false")
        boolean enabled();

        /** Trust store of the authorities (or the certificate itself) the RIS's certificate must chain to. */
        Optional<Path> trustStore();

        /** Password of the trust store. Never put a production password in application.properties. */
        Optional<String> trustStorePassword();

        /** Trust store type, e.g. PKCS12 or JKS. */
        @WithDefault("PKCS12")
        @NotBlank
        String trustStoreType();

        /**
         * Key store holding this system's client key and certificate, for a RIS that requires mutual
         * TLS; unset: no client certificate is offered.
         */
        Optional<Path> keyStore();

        /** Password of the key store (and of the key in it). */
        Optional<String> keyStorePassword();

        /** Key store type, e.g. PKCS12 or JKS. */
        @WithDefault("PKCS12")
        @NotBlank
        String keyStoreType();
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

        /**
         * Webhook targets allowed although internal: host names (exact, case-insensitive; the name is
         * then trusted whatever it resolves to) and IP addresses or CIDR blocks (e.g.
         * {@code 10.20.0.0/16}, {@code fd00::/8}) that resolved addresses may fall in. Without an entry,
         * a webhook is refused, at subscription (400) and again before each delivery after DNS
         * resolution, when its host is a single label or ends in {@code .localhost}, {@code .local},
         * {@code .internal} or {@code .svc}, or when any address it resolves to is loopback, link-local
         * (cloud metadata included), private or unique-local, unspecified, multicast, carrier-grade NAT,
         * reserved, or in {@link #webhookClusterCidrs()}. Empty by default.
         */
        Optional<
                        List<
                                @Pattern(
                                        regexp = ALLOWED_TARGET,
                                        message = "must be a host name, an IP address or a CIDR block")
                                String>>
                webhookAllowedTargets();

        /**
         * The cluster's pod and service CIDR blocks, refused as webhook targets like private ranges
         * (for clusters whose ranges are not private; {@code 100.64.0.0/10} is refused anyway).
         * Empty by default.
         */
        Optional<List<@Pattern(regexp = CIDR, message = "must be a CIDR block, e.g. 10.96.0.0/12") String>>
                webhookClusterCidrs();

        /**
         * AES-256-GCM key, base64 of exactly 32 random bytes ({@code openssl rand -base64 32}; env
         * {@code OSTEON_ALERTS_SECRET_ENCRYPTION_KEY}), that encrypts webhook signing secrets in
         * PostgreSQL. No default outside {@code %dev}/{@code %test}. Needed as soon as a webhook is
         * subscribed: registering one without it fails, and start-up fails while webhook
         * subscriptions exist and it is unset or is not the key they were encrypted with. Secrets
         * stored in plain text by an earlier version are encrypted at start-up.
         */
        Optional<@Pattern(regexp = "[A-Za-z0-9+/]{43}=", message = "must be base64 of exactly 32 bytes") String>
                secretEncryptionKey();

        /** A host name, an IPv4 or IPv6 address, or a CIDR block. */
        String ALLOWED_TARGET = "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.?"
                + "|[0-9.]+(/[0-9]{1,2})?|[0-9a-f:.]*:[0-9a-f:.]*(/[0-9]{1,3})?";

        /** An IPv4 or IPv6 CIDR block. */
        String CIDR = "(?i)[0-9.]+/[0-9]{1,2}|[0-9a-f:.]*:[0-9a-f:.]*/[0-9]{1,3}";
    }

    interface Diagnoses {
        /** The HL7 v2 ORU^R01 listener over MLLP; off by default. */
        @Valid
        DiagnosisHl7 hl7();
    }

    interface DiagnosisHl7 {
        /**
         * Listen for ORU^R01 final diagnoses over plain MLLP (put TLS in front, e.g. a service mesh or
         * stunnel, where the network is not trusted). Needs {@link #allowedSendingApplications()}: start-up
         * fails without it, because an open listener would take diagnoses from anyone who can reach the port.
         */
        @WithDefault("false")
        boolean enabled();

        /** TCP port of the listener; {@code 0} takes any free port (tests). */
        @WithDefault("2576")
        @Min(0)
        @Max(65535)
        int port();

        /** Local address the listener binds to: an IP address or host name ({@code 0.0.0.0}: every interface). */
        @WithDefault("0.0.0.0")
        @Pattern(regexp = "[0-9A-Za-z.:-]+", message = "must be an IP address or a host name")
        String bindAddress();

        /**
         * Largest MLLP frame (one message, in bytes) read into memory. A larger message is answered AR after
         * this many bytes, dead-lettered with its first bytes, and its connection closed.
         */
        @WithDefault("65536")
        @Min(1024)
        @Max(1048576)
        int maxMessageBytes();

        /** Connections served at once; a further one is closed as soon as it is accepted. */
        @WithDefault("8")
        @Min(1)
        @Max(256)
        int maxConnections();

        /** A connection that sends nothing for this long is closed, so idle senders cannot hold every slot. */
        @WithDefault("60s")
        @DurationMin(seconds = 1)
        @DurationMax(minutes = 30)
        Duration idleTimeout();

        /**
         * Sending applications (MSH-3, first component, exact) whose messages are taken; any other is answered
         * AR and dead-lettered. Required when the listener is enabled.
         */
        Optional<List<@Pattern(regexp = HL7_NAME, message = "must be an HL7 application or facility name") String>>
                allowedSendingApplications();

        /**
         * Sending facilities (MSH-4, first component, exact) whose messages are taken; unset: any facility of
         * an allowed application.
         */
        Optional<List<@Pattern(regexp = HL7_NAME, message = "must be an HL7 application or facility name") String>>
                allowedSendingFacilities();

        /** An HL7 namespace id: no HL7 delimiters, no spaces at the ends. */
        String HL7_NAME = "[A-Za-z0-9_.-][A-Za-z0-9_. -]{0,62}[A-Za-z0-9_.-]|[A-Za-z0-9_.-]";
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

    interface Web {
        /** Throttling of failed password sign-ins, the form's and HTTP Basic's together. */
        @Valid
        SignIn signIn();

        /**
         * When the cookies the adapter sets (the session cookie above all) carry the Secure attribute.
         * {@code auto}: when the request came over TLS or says it did (an https
         * {@code X-Forwarded-Proto} or {@code Forwarded} from a proxy in front, an https {@code Origin}
         * or {@code Referer} from the browser), so the plain-HTTP demo keeps working and an HTTPS
         * ingress gets secure cookies. {@code always}: on every response, for a deployment served only
         * over HTTPS whose proxy forwards no scheme.
         */
        @WithDefault("auto")
        SecureCookies secureCookies();
    }

    /** See {@link Web#secureCookies()}. */
    enum SecureCookies {
        AUTO,
        ALWAYS
    }

    interface SignIn {
        /**
         * Failed sign-ins with one user name within {@link #window()} after which sign-ins with that
         * name are refused, the right password included, until the window closes (HTTP Basic: 429 with
         * Retry-After; the form: the login page says so). A success clears the name's count.
         */
        @WithDefault("5")
        @Min(1)
        @Max(1000)
        int maxFailures();

        /**
         * Failed sign-ins from one client address, whatever the names, within {@link #window()} after
         * which that address may not sign in until the window closes. Higher than the per-name limit:
         * one address may be a whole department behind a proxy (set
         * {@code quarkus.http.proxy.proxy-address-forwarding} where a trusted proxy names the client).
         */
        @WithDefault("30")
        @Min(1)
        @Max(100000)
        int maxFailuresPerAddress();

        /** The window, opened by a name's or an address's first failure, in which failures count. */
        @WithDefault("15m")
        @DurationMin(seconds = 1)
        @DurationMax(hours = 24)
        Duration window();

        /**
         * Most user names and addresses tracked at once, which bounds the memory the throttle takes;
         * when full, closed windows are dropped first, then the least recently seen.
         */
        @WithDefault("10000")
        @Min(100)
        @Max(1000000)
        int maxTracked();
    }
}
