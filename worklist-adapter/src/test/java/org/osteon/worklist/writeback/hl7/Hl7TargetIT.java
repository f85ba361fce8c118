package org.osteon.worklist.writeback.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.hl7v2.util.Terser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.events.WorklistPriority;
import org.osteon.worklist.config.WorklistConfig;
import org.osteon.worklist.peers.Hl7Receiver;
import org.osteon.worklist.peers.TestItems;
import org.osteon.worklist.peers.TestTls;
import org.osteon.worklist.store.OutboxItem;
import org.osteon.worklist.writeback.Delivery;

/** The HL7 v2 adapter against a real HAPI MLLP receiver, plain and over TLS. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class Hl7TargetIT {

    /** HL7 settings for a target outside this package's tests (the RIS sink test). */
    public record Settings(
            boolean enabled,
            Optional<String> host,
            int port,
            Duration timeout,
            String sendingApplication,
            String receivingApplication,
            WorklistConfig.Hl7Tls tls)
            implements WorklistConfig.Hl7 {

        /** Plain MLLP. */
        public Settings(
                boolean enabled,
                Optional<String> host,
                int port,
                Duration timeout,
                String sendingApplication,
                String receivingApplication) {
            this(enabled, host, port, timeout, sendingApplication, receivingApplication, TlsSettings.OFF);
        }
    }

    /** {@code osteon.writeback.hl7.tls.*}. */
    record TlsSettings(
            boolean enabled,
            Optional<Path> trustStore,
            Optional<String> trustStorePassword,
            String trustStoreType,
            Optional<Path> keyStore,
            Optional<String> keyStorePassword,
            String keyStoreType)
            implements WorklistConfig.Hl7Tls {

        static final TlsSettings OFF = new TlsSettings(
                false, Optional.empty(), Optional.empty(), "PKCS12", Optional.empty(), Optional.empty(), "PKCS12");

        /** TLS trusting {@code trustStore} (empty: the JVM's default), presenting {@code keyStore} if given. */
        static TlsSettings on(Path trustStore, Path keyStore) {
            return new TlsSettings(
                    true,
                    Optional.ofNullable(trustStore),
                    Optional.ofNullable(trustStore).map(p -> TestTls.PASSWORD),
                    "PKCS12",
                    Optional.ofNullable(keyStore),
                    Optional.ofNullable(keyStore).map(p -> TestTls.PASSWORD),
                    "PKCS12");
        }
    }

    /** Delivers one item with a short-lived target. */
    public static Delivery deliverWith(WorklistConfig.Hl7 settings, OutboxItem item) throws Exception {
        Hl7Target once = new Hl7Target(settings);
        try {
            return once.deliver(item);
        } finally {
            once.close();
        }
    }

    private static Hl7Receiver ris;
    private static Hl7Target target;

    @TempDir
    static Path certificates;
    /** The TLS receivers' certificate, for localhost and 127.0.0.1. */
    private static TestTls.Identity risTls;

    @BeforeAll
    static void start() throws Exception {
        risTls = TestTls.localhost(certificates, "ris");
        ris = new Hl7Receiver();
        target = new Hl7Target(
                new Settings(true, Optional.of("127.0.0.1"), ris.port(), Duration.ofSeconds(5), "OSTEON", "RIS"));
    }

    @AfterAll
    static void stop() throws Exception {
        target.close();
        ris.close();
    }

    @BeforeEach
    void acceptEverything() {
        ris.answer("AA");
    }

    @Test
    void shouldSendAnOrderChangeWithThePriorityInTq1Orc7AndObr27() throws Exception {
        OutboxItem item = TestItems.priority("hl7", WorklistPriority.URGENT, "ACC-HL7-1");

        Delivery delivery = target.deliver(item);

        assertThat(delivery.outcome()).isEqualTo(Delivery.Outcome.ACKNOWLEDGED);
        assertThat(delivery.detail()).contains("AA");
        List<Terser> received = ris.forAccession("ACC-HL7-1");
        assertThat(received).hasSize(1);
        Terser message = received.get(0);
        assertThat(message.get("/MSH-9-1")).isEqualTo("OMI");
        assertThat(message.get("/MSH-9-2")).isEqualTo("O23");
        assertThat(message.get("/MSH-12")).isEqualTo("2.5.1");
        assertThat(message.get("/MSH-10")).as("idempotence key").isEqualTo(item.id());
        assertThat(message.get("/ORDER/ORC-1")).isEqualTo("XO");
        assertThat(message.get("/ORDER/TIMING/TQ1-9-1")).isEqualTo("A");
        assertThat(message.get("/ORDER/ORC-7-6")).isEqualTo("A");
        assertThat(message.get("/ORDER/OBR-27-6")).isEqualTo("A");
        assertThat(message.get("/ORDER/OBR-3-1")).isEqualTo("ACC-HL7-1");
        assertThat(message.get("/PATIENT/PID-3-1")).isEqualTo("PID-ACC-HL7-1");
        assertThat(message.get("/PATIENT/PID-5-1")).isEqualTo("Doe");
    }

    @Test
    void shouldMapEveryPriorityToTable0027() throws Exception {
        target.deliver(TestItems.priority("hl7", WorklistPriority.STAT, "ACC-HL7-S"));
        target.deliver(TestItems.priority("hl7", WorklistPriority.ROUTINE, "ACC-HL7-R"));

        assertThat(ris.forAccession("ACC-HL7-S").get(0).get("/ORDER/TIMING/TQ1-9-1"))
                .isEqualTo("S");
        assertThat(ris.forAccession("ACC-HL7-R").get(0).get("/ORDER/TIMING/TQ1-9-1"))
                .isEqualTo("R");
    }

    @Test
    void shouldRetryAnApplicationErrorAndRejectAnApplicationReject() {
        ris.answer("AE");
        assertThat(target.deliver(TestItems.priority("hl7", WorklistPriority.URGENT, "ACC-HL7-AE"))
                        .outcome())
                .isEqualTo(Delivery.Outcome.RETRY);
        ris.answer("AR");
        assertThat(target.deliver(TestItems.priority("hl7", WorklistPriority.URGENT, "ACC-HL7-AR"))
                        .outcome())
                .isEqualTo(Delivery.Outcome.REJECTED);
    }

    @Test
    void shouldRetryWhenNoReceiverListens() throws Exception {
        Hl7Target nowhere = new Hl7Target(new Settings(
                true, Optional.of("127.0.0.1"), Hl7Receiver.freePort(), Duration.ofSeconds(2), "OSTEON", "RIS"));
        try {
            Delivery delivery = nowhere.deliver(TestItems.priority("hl7", WorklistPriority.URGENT, "ACC-HL7-DOWN"));
            assertThat(delivery.outcome()).isEqualTo(Delivery.Outcome.RETRY);
        } finally {
            nowhere.close();
        }
    }

    @Test
    void shouldSendOverTlsToAReceiverWhoseCertificateItTrustsAndThatNamesTheHost() throws Exception {
        try (Hl7Receiver receiver = new Hl7Receiver(TestTls.serverContext(risTls, null), false)) {
            for (String host : new String[] {"127.0.0.1", "localhost"}) {
                OutboxItem item = TestItems.priority("hl7", WorklistPriority.STAT, "ACC-TLS-" + host);
                Delivery delivery =
                        deliverWith(tls(host, receiver.port(), TlsSettings.on(risTls.trustStore(), null)), item);

                assertThat(delivery.outcome()).as(host).isEqualTo(Delivery.Outcome.ACKNOWLEDGED);
                List<Terser> received = receiver.forAccession("ACC-TLS-" + host);
                assertThat(received).hasSize(1);
                assertThat(received.get(0).get("/ORDER/TIMING/TQ1-9-1")).isEqualTo("S");
            }
        }
    }

    @Test
    void shouldSendNothingToATlsReceiverItDoesNotTrustOrThatDoesNotNameTheHost() throws Exception {
        TestTls.Identity elsewhere = TestTls.namedOnly(certificates, "elsewhere", "ris.elsewhere.example");
        try (Hl7Receiver selfSigned = new Hl7Receiver(TestTls.serverContext(risTls, null), false);
                Hl7Receiver misnamed = new Hl7Receiver(TestTls.serverContext(elsewhere, null), false)) {
            // The JVM's default trust store does not know the self-signed certificate.
            Delivery untrusted = deliverWith(
                    tls("127.0.0.1", selfSigned.port(), TlsSettings.on(null, null)),
                    TestItems.priority("hl7", WorklistPriority.STAT, "ACC-TLS-UNTRUSTED"));
            // Trusted, but issued to another host: hostname verification refuses it.
            Delivery wrongHost = deliverWith(
                    tls("127.0.0.1", misnamed.port(), TlsSettings.on(elsewhere.trustStore(), null)),
                    TestItems.priority("hl7", WorklistPriority.STAT, "ACC-TLS-MISNAMED"));
            // Plain MLLP to a TLS listener gets no acknowledgement either.
            Delivery plain = deliverWith(
                    new Settings(
                            true, Optional.of("127.0.0.1"), selfSigned.port(), Duration.ofSeconds(2), "OSTEON", "RIS"),
                    TestItems.priority("hl7", WorklistPriority.STAT, "ACC-TLS-PLAIN"));

            assertThat(untrusted.outcome()).isEqualTo(Delivery.Outcome.RETRY);
            assertThat(untrusted.detail()).startsWith("MLLP/TLS 127.0.0.1:");
            assertThat(wrongHost.outcome()).isEqualTo(Delivery.Outcome.RETRY);
            assertThat(plain.outcome()).isEqualTo(Delivery.Outcome.RETRY);
            assertThat(selfSigned.received()).isEmpty();
            assertThat(misnamed.received()).isEmpty();
        }
    }

    @Test
    void shouldPresentItsClientCertificateToAReceiverThatRequiresOne() throws Exception {
        TestTls.Identity osteon = TestTls.localhost(certificates, "osteon");
        try (Hl7Receiver receiver = new Hl7Receiver(TestTls.serverContext(risTls, osteon.trustStore()), true)) {
            Delivery withCertificate = deliverWith(
                    tls("127.0.0.1", receiver.port(), TlsSettings.on(risTls.trustStore(), osteon.keyStore())),
                    TestItems.priority("hl7", WorklistPriority.URGENT, "ACC-MTLS-1"));
            Delivery without = deliverWith(
                    tls("127.0.0.1", receiver.port(), TlsSettings.on(risTls.trustStore(), null)),
                    TestItems.priority("hl7", WorklistPriority.URGENT, "ACC-MTLS-2"));

            assertThat(withCertificate.outcome()).isEqualTo(Delivery.Outcome.ACKNOWLEDGED);
            assertThat(receiver.forAccession("ACC-MTLS-1")).hasSize(1);
            assertThat(without.outcome()).isEqualTo(Delivery.Outcome.RETRY);
            assertThat(receiver.forAccession("ACC-MTLS-2")).isEmpty();
        }
    }

    @Test
    void shouldStopStartUpOnAnUnreadableTrustStore(@TempDir Path dir) {
        assertThatThrownBy(
                        () -> new Hl7Target(tls("127.0.0.1", 2575, TlsSettings.on(dir.resolve("missing.p12"), null))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HL7 TLS");
    }

    private static Settings tls(String host, int port, TlsSettings tls) {
        return new Settings(true, Optional.of(host), port, Duration.ofSeconds(3), "OSTEON", "RIS", tls);
    }
}
