package org.osteon.worklist.peers;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.osteon.worklist.dev.MllpReceiver;

/**
 * The tests' RIS: the adapter's real MLLP receiver (HAPI's SimpleServer) on a free port, recording
 * every message and answering with the ACK code the test chooses (AA by default).
 */
public final class Hl7Receiver implements AutoCloseable {

    private final MllpReceiver server;
    private final int port;
    private final List<Message> received = new CopyOnWriteArrayList<>();
    private final AtomicReference<AcknowledgmentCode> ackCode = new AtomicReference<>(AcknowledgmentCode.AA);

    public Hl7Receiver() throws IOException, InterruptedException {
        port = freePort();
        server = new MllpReceiver(port, message -> {
            received.add(message);
            return ackCode.get();
        });
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
        server.close();
    }
}
