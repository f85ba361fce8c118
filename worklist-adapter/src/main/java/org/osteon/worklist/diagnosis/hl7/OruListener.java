package org.osteon.worklist.diagnosis.hl7;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.HL7Exception;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.osteon.events.DeadLetter;
import org.osteon.events.TriageDiagnosis;
import org.osteon.platform.kafka.PublishException;
import org.osteon.schemas.DeadLetters;
import org.osteon.worklist.config.WorklistConfig;
import org.osteon.worklist.diagnosis.Diagnosis;
import org.osteon.worklist.diagnosis.DiagnosisIntake;
import org.osteon.worklist.diagnosis.StudyReference;
import org.osteon.worklist.diagnosis.UnknownStudyException;
import org.osteon.worklist.publish.EventPublisher;

/**
 * The HL7 v2 ORU^R01 listener for final diagnoses ({@code osteon.diagnoses.hl7.*}, off by default):
 * MLLP over TCP, at most {@code max-connections} at once, each message at most {@code max-message-bytes},
 * an idle connection closed after {@code idle-timeout}. Each message is mapped ({@link OruMapping}) and
 * recorded through {@link DiagnosisIntake}, then answered: AA when recorded; AE for a message understood
 * but unusable (unknown study, unmappable finding) or when Kafka or PostgreSQL did not answer (send it again);
 * AR for a message refused unread (too large, wrong type, sender not allowed, unparsable). AE and AR
 * messages go to phi-dead-letter-v1 with the reason, because the message holds PHI. Log lines name the
 * control id, the sender and the reason, never the accession number or the patient.
 */
@ApplicationScoped
public class OruListener {

    private static final Logger LOG = Logger.getLogger(OruListener.class);
    static final String STAGE = "worklist";

    /** Bytes read and dropped after refusing a too-large message, so the sender can read the AR. */
    private static final int DRAIN_FACTOR = 16;

    private static final int DRAIN_TIMEOUT_MS = 1000;

    private final WorklistConfig.DiagnosisHl7 config;
    private final DiagnosisIntake intake;
    private final EventPublisher publisher;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private OruMapping mapping;
    private ServerSocket server;
    private ExecutorService workers;
    private Semaphore slots;

    OruListener(WorklistConfig config, DiagnosisIntake intake, EventPublisher publisher) {
        this.config = config.diagnoses().hl7();
        this.intake = intake;
        this.publisher = publisher;
    }

    void start(@Observes StartupEvent event) throws IOException {
        if (!config.enabled()) {
            return;
        }
        List<String> applications = config.allowedSendingApplications().orElse(List.of());
        if (applications.isEmpty()) {
            throw new IllegalStateException(
                    "osteon.diagnoses.hl7.enabled needs "
                            + "osteon.diagnoses.hl7.allowed-sending-applications: an open listener would take anyone's diagnoses");
        }
        mapping = new OruMapping(
                new HashSet<>(applications), config.allowedSendingFacilities().map(HashSet::new));
        slots = new Semaphore(config.maxConnections());
        AtomicInteger threads = new AtomicInteger();
        workers = Executors.newFixedThreadPool(config.maxConnections(), runnable -> {
            Thread thread = new Thread(runnable, "osteon-oru-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(config.bindAddress(), config.port()));
        Thread acceptor = new Thread(this::accept, "osteon-oru-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.infof(
                "HL7 ORU^R01 diagnosis listener on %s:%d, at most %d connections and %d bytes a message",
                config.bindAddress(), port(), config.maxConnections(), config.maxMessageBytes());
    }

    /** The bound port (useful with port 0); -1 when the listener is off. */
    public int port() {
        return server == null ? -1 : server.getLocalPort();
    }

    void stop(@Observes ShutdownEvent event) {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            LOG.debugf("closing the ORU listener: %s", e.getMessage());
        }
        // Blocked socket reads do not notice an interrupt; closing the sockets ends them.
        open.forEach(OruListener::closeQuietly);
        workers.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warnf("ORU listener cannot accept: %s", e.getMessage());
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                LOG.warnf(
                        "ORU listener refused a connection from %s: %d already open",
                        socket.getInetAddress().getHostAddress(), config.maxConnections());
                closeQuietly(socket);
                continue;
            }
            open.add(socket);
            workers.execute(() -> {
                try {
                    serve(socket);
                } finally {
                    open.remove(socket);
                    closeQuietly(socket);
                    slots.release();
                }
            });
        }
    }

    private void serve(Socket socket) {
        try {
            socket.setSoTimeout(
                    (int) Math.min(Integer.MAX_VALUE, config.idleTimeout().toMillis()));
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                MllpFrames.Frame frame = MllpFrames.read(in, config.maxMessageBytes());
                if (frame == null) {
                    return;
                }
                byte[] ack;
                try {
                    ack = handle(frame);
                } catch (RuntimeException e) {
                    // Backstop for a fault handle() does not foresee: without it the thread's default handler
                    // would log the exception, whose text may quote the message. Nothing is acknowledged, so
                    // the sender keeps the message and sends it again (a resent message is the same event).
                    OruMapping.Header header =
                            OruMapping.Header.of(new String(frame.bytes(), StandardCharsets.ISO_8859_1));
                    LOG.errorf(
                            "ORU^R01 %s from %s: internal error (%s), connection closed without an ACK",
                            header == null ? "?" : OruMapping.printable(header.controlId()),
                            header == null ? "hl7:?" : header.sender(),
                            e.getClass().getSimpleName());
                    return;
                }
                if (ack != null) {
                    MllpFrames.write(out, ack);
                }
                if (frame.truncated() || ack == null) {
                    // The rest of the message is still coming and there is no telling where it ends.
                    socket.shutdownOutput();
                    drain(socket, in);
                    return;
                }
            }
        } catch (SocketTimeoutException e) {
            LOG.debugf("ORU connection idle for %s, closed", config.idleTimeout());
        } catch (SocketException e) {
            LOG.debugf("ORU connection ended: %s", e.getMessage());
        } catch (IOException e) {
            LOG.warnf("ORU connection closed: %s", e.getMessage());
        }
    }

    /** One message in, its ACK out (null: not HL7, nothing to acknowledge). */
    byte[] handle(MllpFrames.Frame frame) {
        String text = new String(frame.bytes(), StandardCharsets.ISO_8859_1);
        OruOutcome outcome = frame.truncated() ? mapping.tooLarge(text, config.maxMessageBytes()) : mapping.map(text);
        if (outcome instanceof OruOutcome.Accepted accepted) {
            try {
                TriageDiagnosis diagnosis = intake.record(diagnosis(accepted));
                LOG.infof(
                        "ORU^R01 %s from %s: diagnosis %s (%s) for study %s",
                        OruMapping.printable(accepted.controlId()),
                        accepted.sender(),
                        diagnosis.getEventId(),
                        diagnosis.getFinding(),
                        diagnosis.getStudyKey());
                return ack(accepted.message(), AcknowledgmentCode.AA, null);
            } catch (UnknownStudyException e) {
                outcome = new OruOutcome.Refused(
                        accepted.message(),
                        accepted.controlId(),
                        accepted.sender(),
                        AcknowledgmentCode.AE,
                        "UNKNOWN_STUDY",
                        e.getMessage(),
                        e.getMessage());
            } catch (RuntimeException e) {
                // Kafka or PostgreSQL did not answer: nothing was recorded, and the sender keeps the message.
                return unrecorded(accepted.message(), accepted.controlId(), accepted.sender(), e);
            }
        }
        OruOutcome.Refused refused = (OruOutcome.Refused) outcome;
        try {
            DeadLetter letter = DeadLetters.letter(
                            STAGE, "HL7_" + refused.errorType(), refused.detail(), frame.bytes(), Instant.now())
                    .build();
            publisher.deadLetter(refused.controlId().isBlank() ? null : refused.controlId(), letter);
        } catch (PublishException e) {
            // Not dead-lettered, so not refused: the sender keeps the message and sends it again.
            return unrecorded(refused.ackSource(), refused.controlId(), refused.sender(), e);
        }
        LOG.warnf(
                "ORU^R01 %s from %s answered %s (%s): %s; dead-lettered to phi-dead-letter-v1",
                OruMapping.printable(refused.controlId()),
                refused.sender(),
                refused.code(),
                refused.errorType(),
                refused.reason());
        return refused.ackSource() == null ? null : ack(refused.ackSource(), refused.code(), refused.reason());
    }

    private byte[] unrecorded(ca.uhn.hl7v2.model.Message message, String controlId, String sender, Exception e) {
        LOG.warnf(
                "ORU^R01 %s from %s answered AE: not recorded (%s)",
                OruMapping.printable(controlId), sender, e.getClass().getSimpleName());
        return message == null
                ? null
                : ack(message, AcknowledgmentCode.AE, "the diagnosis could not be recorded now; send it again");
    }

    private static Diagnosis diagnosis(OruOutcome.Accepted accepted) {
        // A resent message (same sender, same control id) is the same event.
        String eventId = UUID.nameUUIDFromBytes(
                        ("hl7|" + accepted.sender() + "|" + accepted.controlId()).getBytes(StandardCharsets.UTF_8))
                .toString();
        return new Diagnosis(
                new StudyReference.ByAccession(accepted.accessionNumber()),
                accepted.finding(),
                accepted.source(),
                accepted.code(),
                accepted.sender(),
                eventId);
    }

    private byte[] ack(ca.uhn.hl7v2.model.Message message, AcknowledgmentCode code, String reason) {
        try {
            return mapping.ack(message, code, reason);
        } catch (HL7Exception | IOException e) {
            LOG.warnf("cannot build the %s acknowledgement: %s", code, e.getMessage());
            return null;
        }
    }

    private static void drain(Socket socket, InputStream in) {
        try {
            socket.setSoTimeout(DRAIN_TIMEOUT_MS);
            byte[] buffer = new byte[8192];
            long budget = (long) DRAIN_FACTOR * buffer.length;
            int read;
            while (budget > 0 && (read = in.read(buffer)) > 0) {
                budget -= read;
            }
        } catch (IOException e) {
            // Draining is a courtesy to the sender; the connection closes either way.
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that is left to do.
        }
    }
}
