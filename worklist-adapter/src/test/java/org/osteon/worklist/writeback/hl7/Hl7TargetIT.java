package org.osteon.worklist.writeback.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.util.Terser;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osteon.events.WorklistPriority;
import org.osteon.worklist.config.OsteonConfig;
import org.osteon.worklist.peers.Hl7Receiver;
import org.osteon.worklist.peers.TestItems;
import org.osteon.worklist.store.OutboxItem;
import org.osteon.worklist.writeback.Delivery;

/** The HL7 v2 adapter against a real HAPI MLLP receiver. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class Hl7TargetIT {

    /** HL7 settings for a target outside this package's tests (the RIS sink test). */
    public record Settings(boolean enabled, Optional<String> host, int port, Duration timeout, String sendingApplication,
            String receivingApplication) implements OsteonConfig.Hl7 {
    }

    /** Delivers one item with a short-lived target. */
    public static Delivery deliverWith(OsteonConfig.Hl7 settings, OutboxItem item) throws Exception {
        Hl7Target once = new Hl7Target(settings);
        try {
            return once.deliver(item);
        } finally {
            once.close();
        }
    }

    private static Hl7Receiver ris;
    private static Hl7Target target;

    @BeforeAll
    static void start() throws Exception {
        ris = new Hl7Receiver();
        target = new Hl7Target(new Settings(true, Optional.of("127.0.0.1"), ris.port(), Duration.ofSeconds(5),
                "OSTEON", "RIS"));
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

        assertThat(ris.forAccession("ACC-HL7-S").get(0).get("/ORDER/TIMING/TQ1-9-1")).isEqualTo("S");
        assertThat(ris.forAccession("ACC-HL7-R").get(0).get("/ORDER/TIMING/TQ1-9-1")).isEqualTo("R");
    }

    @Test
    void shouldRetryAnApplicationErrorAndRejectAnApplicationReject() {
        ris.answer("AE");
        assertThat(target.deliver(TestItems.priority("hl7", WorklistPriority.URGENT, "ACC-HL7-AE")).outcome())
                .isEqualTo(Delivery.Outcome.RETRY);
        ris.answer("AR");
        assertThat(target.deliver(TestItems.priority("hl7", WorklistPriority.URGENT, "ACC-HL7-AR")).outcome())
                .isEqualTo(Delivery.Outcome.REJECTED);
    }

    @Test
    void shouldRetryWhenNoReceiverListens() throws Exception {
        Hl7Target nowhere = new Hl7Target(new Settings(true, Optional.of("127.0.0.1"), Hl7Receiver.freePort(),
                Duration.ofSeconds(2), "OSTEON", "RIS"));
        try {
            Delivery delivery = nowhere.deliver(TestItems.priority("hl7", WorklistPriority.URGENT, "ACC-HL7-DOWN"));
            assertThat(delivery.outcome()).isEqualTo(Delivery.Outcome.RETRY);
        } finally {
            nowhere.close();
        }
    }
}
