package org.osteon.worklist.writeback.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.llp.LLPException;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.osteon.worklist.config.WorklistConfig;
import org.osteon.worklist.store.Outbox;
import org.osteon.worklist.store.OutboxItem;
import org.osteon.worklist.writeback.Delivery;
import org.osteon.worklist.writeback.WritebackTarget;

/**
 * HL7 v2 write-back: OMI^O23 over MLLP with HAPI, one message per change, reading MSA-1 of the ACK.
 * AA/CA acknowledge; AE/CE (the receiver had an error, may work later) and timeouts are retried;
 * AR/CR (the receiver refuses the message) go to the dead letter. With
 * {@code osteon.writeback.hl7.tls.enabled} the connection runs over TLS ({@link MllpTls}).
 */
@ApplicationScoped
public class Hl7Target implements WritebackTarget {

    private final WorklistConfig.Hl7 config;
    private final HapiContext context = new DefaultHapiContext();
    private final boolean tls;

    @Inject
    Hl7Target(WorklistConfig config) {
        this(config.writeback().hl7());
    }

    /** For tests that point the target at a test peer without the application around it. */
    Hl7Target(WorklistConfig.Hl7 config) {
        this.config = config;
        // Our own messages are checked by the tests; a receiver's odd but usable ACK must still be read.
        context.setValidationContext(ValidationContextFactory.noValidation());
        // HAPI contexts share one default executor, and closing any context shuts it down for all.
        context.setExecutorService(Executors.newCachedThreadPool());
        // Loads the stores now: a bad one stops start-up (the dispatcher makes every target first).
        Optional<MllpTls> sockets = MllpTls.from(config.tls());
        sockets.ifPresent(context::setSocketFactory);
        this.tls = sockets.isPresent();
    }

    @Override
    public boolean handles(String target) {
        return Outbox.HL7.equals(target);
    }

    @Override
    public void checkConfiguration() {
        WritebackTarget.requireAddress(
                config.enabled(), config.host(), "osteon.writeback.hl7.enabled", "osteon.writeback.hl7.host");
    }

    @Override
    public Delivery deliver(OutboxItem item) {
        Connection connection = null;
        try {
            Message message = OrderChangeMessage.build(
                    item, config.sendingApplication(), config.receivingApplication(), Instant.now());
            connection = context.newClient(config.host().orElseThrow(), config.port(), tls);
            var initiator = connection.getInitiator();
            initiator.setTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
            Message ack = initiator.sendAndReceive(message);
            return read(ack);
        } catch (HL7Exception | LLPException | IOException | RuntimeException e) {
            // A dead or half-open connection is dropped so the next attempt opens a fresh one.
            closeQuietly(connection);
            return Delivery.retry(
                    (tls ? "MLLP/TLS " : "MLLP ") + config.host().orElse("?") + ":" + config.port() + ": " + e);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (Exception e) {
            // Already broken; the attempt is reported as failed either way.
        }
    }

    static Delivery read(Message ack) throws HL7Exception {
        Terser terser = new Terser(ack);
        String code = terser.get("/MSA-1");
        String text = terser.get("/MSA-3");
        String detail = "MSA-1 " + code + (text == null ? "" : " " + text);
        if (code == null) {
            return Delivery.retry("ACK without MSA-1");
        }
        return switch (code) {
            case "AA", "CA" -> Delivery.acknowledged(detail);
            case "AR", "CR" -> Delivery.rejected(detail);
            default -> Delivery.retry(detail);
        };
    }

    @Override
    public byte[] describe(OutboxItem item) {
        try {
            return OrderChangeMessage.build(
                            item, config.sendingApplication(), config.receivingApplication(), Instant.now())
                    .encode()
                    .getBytes(StandardCharsets.UTF_8);
        } catch (HL7Exception | IOException e) {
            return ("cannot encode OMI^O23: " + e).getBytes(StandardCharsets.UTF_8);
        }
    }

    @PreDestroy
    void close() throws IOException {
        context.close();
    }
}
