package org.osteon.gateway.scp;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The A-ASSOCIATE-RQ PDU as read off the wire (PS3.8 §9.3.2), kept whole so that it can be replayed
 * to PixelMed, and the A-ASSOCIATE-RJ PDU (§9.3.4) the gateway answers with when it refuses.
 */
record AssociationRequest(byte[] pdu, String calledAeTitle, String callingAeTitle) {

    /** Anything larger is not an association request a storage SCU would send. */
    private static final int MAX_LENGTH = 1 << 20;

    /** PS3.8 Table 9-21: result, source and reason of an A-ASSOCIATE-RJ. */
    enum Rejection {
        CALLING_AE_NOT_RECOGNIZED(1, 1, 3),
        CALLED_AE_NOT_RECOGNIZED(1, 1, 7),
        LOCAL_LIMIT_EXCEEDED(2, 3, 2);

        final int result;
        final int source;
        final int reason;

        Rejection(int result, int source, int reason) {
            this.result = result;
            this.source = source;
            this.reason = reason;
        }

        void send(OutputStream out) throws IOException {
            out.write(new byte[] {0x03, 0, 0, 0, 0, 4, 0, (byte) result, (byte) source, (byte) reason});
            out.flush();
        }
    }

    /** @throws IOException when the first PDU is not an A-ASSOCIATE-RQ */
    static AssociationRequest read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[6];
        data.readFully(header);
        int type = header[0] & 0xff;
        long length = ((header[2] & 0xffL) << 24)
                | ((header[3] & 0xff) << 16)
                | ((header[4] & 0xff) << 8)
                | (header[5] & 0xff);
        if (type != 0x01 || length < 68 || length > MAX_LENGTH) {
            throw new IOException(
                    "expected an A-ASSOCIATE-RQ, got PDU type 0x" + Integer.toHexString(type) + " of length " + length);
        }
        byte[] pdu = new byte[6 + (int) length];
        System.arraycopy(header, 0, pdu, 0, 6);
        data.readFully(pdu, 6, (int) length);
        // After protocol version (2) and reserved (2): called AE (16), calling AE (16), space padded.
        String called = new String(pdu, 10, 16, StandardCharsets.US_ASCII).trim();
        String calling = new String(pdu, 26, 16, StandardCharsets.US_ASCII).trim();
        return new AssociationRequest(pdu, called, calling);
    }
}
