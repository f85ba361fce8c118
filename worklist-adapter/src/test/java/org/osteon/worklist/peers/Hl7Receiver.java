package org.osteon.worklist.peers;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.util.StandardSocketFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.osteon.worklist.dev.MllpReceiver;

/**
 * The tests' RIS: the adapter's real MLLP receiver (HAPI's SimpleServer) on a free port, recording
 * every message and answering with the ACK code the test chooses (AA by default); or the same HAPI
 * server listening with TLS.
 */
public final class Hl7Receiver implements AutoCloseable {

    private final AutoCloseable server;
    private final int port;
    private final List<Message> received = new CopyOnWriteArrayList<>();
    private final AtomicLong delayMillis = new AtomicLong();
    private final AtomicReference<AcknowledgmentCode> ackCode = new AtomicReference<>(AcknowledgmentCode.AA);

    public Hl7Receiver() throws IOException, InterruptedException {
        port = freePort();
        server = new MllpReceiver(port, this::answer);
    }

    /**
     * A receiver that speaks MLLP only over TLS with {@code tls}'s key, and, when asked, only to
     * senders presenting a certificate {@code tls} trusts.
     */
    public Hl7Receiver(SSLContext tls, boolean requireClientCertificate) throws IOException {
        port = freePort();
        HapiContext context = new DefaultHapiContext();
        context.setValidationContext(ValidationContextFactory.noValidation());
        context.setExecutorService(Executors.newCachedThreadPool());
        context.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        context.setSocketFactory(new StandardSocketFactory() {
            @Override
            public ServerSocket createTlsServerSocket() throws IOException {
                SSLServerSocket socket =
                        (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
                socket.setNeedClientAuth(requireClientCertificate);
                return socket;
            }
        });
        HL7Service service = context.newServer(port, true);
        service.registerApplication("*", "*", new ReceivingApplication<Message>() {
            @Override
            public Message processMessage(Message message, Map<String, Object> metadata) throws HL7Exception {
                try {
                    AcknowledgmentCode code = answer(message);
                    return code == AcknowledgmentCode.AA
                            ? message.generateACK()
                            : message.generateACK(code, new HL7Exception("receiver answers " + code));
                } catch (IOException e) {
                    throw new HL7Exception(e);
                }
            }

            @Override
            public boolean canProcess(Message message) {
                return true;
            }
        });
        try {
            service.startAndWait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        server = () -> {
            service.stopAndWait();
            context.close();
        };
    }

    private AcknowledgmentCode answer(Message message) {
        received.add(message);
        long pause = delayMillis.get();
        if (pause > 0) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ackCode.get();
    }

    /** Answers each later message only after {@code delay}, as a busy RIS would. */
    public void delay(Duration delay) {
        delayMillis.set(delay.toMillis());
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** AA, AE or AR for every following message. */
    public void answer(String code) {
        ackCode.set(AcknowledgmentCode.valueOf(code));
    }

    public List<Message> received() {
        return List.copyOf(received);
    }

    /** Messages whose ORC-3 (filler order number) is the accession number. */
    public List<Terser> forAccession(String accession) throws HL7Exception {
        List<Terser> matching = new ArrayList<>();
        for (Message message : received) {
            Terser terser = new Terser(message);
            if (accession.equals(terser.get("/ORDER/ORC-3-1"))) {
                matching.add(terser);
            }
        }
        return matching;
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
