package org.osteon.worklist.peers;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.protocol.ReceivingApplicationException;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HL7 v2 MLLP receiver (HAPI's SimpleServer) on a free port that records every message and
 * answers with the ACK code the test chooses (AA by default), as a RIS would.
 */
public final class Hl7Receiver implements AutoCloseable {

    private final HapiContext context = new DefaultHapiContext();
    private final HL7Service server;
    private final int port;
    private final List<Message> received = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> ackCode = new AtomicReference<>("AA");

    public Hl7Receiver() throws IOException, InterruptedException {
        context.setValidationContext(ValidationContextFactory.noValidation());
        // HAPI contexts share one default executor, and closing any context shuts it down for all.
        context.setExecutorService(Executors.newCachedThreadPool());
        port = freePort();
        server = context.newServer(port, false);
        server.registerApplication("*", "*", new ReceivingApplication<Message>() {
            @Override
            public Message processMessage(Message message, Map<String, Object> metadata)
                    throws ReceivingApplicationException, HL7Exception {
                received.add(message);
                try {
                    String code = ackCode.get();
                    return code.equals("AA") ? message.generateACK()
                            : message.generateACK(code.equals("AR") ? ca.uhn.hl7v2.AcknowledgmentCode.AR
                                    : ca.uhn.hl7v2.AcknowledgmentCode.AE, new HL7Exception("test peer says " + code));
                } catch (IOException e) {
                    throw new HL7Exception(e);
                }
            }

            @Override
            public boolean canProcess(Message message) {
                return true;
            }
        });
        server.startAndWait();
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
        ackCode.set(code);
    }

    public List<Message> received() {
        return List.copyOf(received);
    }

    /** Messages whose ORC-3 (filler order number) is the accession number. */
    public List<Terser> forAccession(String accession) throws HL7Exception {
        List<Terser> matching = new java.util.ArrayList<>();
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
        server.stopAndWait();
        context.close();
    }
}
