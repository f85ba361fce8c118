package org.osteon.worklist.diagnosis.hl7;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * MLLP framing (HL7 v2 over TCP): {@code 0x0B message 0x1C 0x0D}, read with a size bound. Written here
 * rather than taken from HAPI's server because HAPI's frame reader buffers a message of any length.
 */
final class MllpFrames {

    static final int START = 0x0B;
    static final int END = 0x1C;
    static final int CR = 0x0D;

    /** One message's bytes; {@code truncated}: the message went on past the bound, these are its first bytes. */
    record Frame(byte[] bytes, boolean truncated) {}

    private MllpFrames() {}

    /**
     * The next frame, or null when the peer closed the connection between frames. Bytes before a start
     * block (line noise, keep-alive newlines) are skipped, at most {@code maxBytes} of them.
     */
    static Frame read(InputStream in, int maxBytes) throws IOException {
        int skipped = 0;
        int b;
        while ((b = in.read()) != START) {
            if (b == -1) {
                return null;
            }
            if (++skipped > maxBytes) {
                throw new IOException("no MLLP start block within " + maxBytes + " bytes");
            }
        }
        ByteArrayOutputStream message = new ByteArrayOutputStream(Math.min(maxBytes, 8192));
        while (true) {
            b = in.read();
            if (b == -1) {
                throw new EOFException("connection closed inside an MLLP frame");
            }
            if (b == END) {
                if (in.read() != CR) {
                    throw new IOException("MLLP end block without its carriage return");
                }
                return new Frame(message.toByteArray(), false);
            }
            if (message.size() >= maxBytes) {
                return new Frame(message.toByteArray(), true);
            }
            message.write(b);
        }
    }

    static void write(OutputStream out, byte[] message) throws IOException {
        out.write(START);
        out.write(message);
        out.write(END);
        out.write(CR);
        out.flush();
    }
}
