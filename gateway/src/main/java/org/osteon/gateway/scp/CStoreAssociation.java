package org.osteon.gateway.scp;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.network.Association;
import com.pixelmed.network.CEchoRequestCommandMessage;
import com.pixelmed.network.CEchoResponseCommandMessage;
import com.pixelmed.network.CStoreRequestCommandMessage;
import com.pixelmed.network.CStoreResponseCommandMessage;
import com.pixelmed.network.DicomNetworkException;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.osteon.platform.dicom.DicomInputGuard;
import org.osteon.platform.dicom.DicomLimits;
import org.osteon.platform.dicom.UnreadableDicomException;

/**
 * The DIMSE exchange of one negotiated association: P-DATA PDUs (PS3.8 §9.3.5) are read here, command
 * fragments into memory, dataset fragments straight into a spool file behind its File Meta Information
 * with a SHA-256 computed on the way. Only when the listener has answered does the C-STORE-RSP go out,
 * with the listener's status. Responses are built and sent with PixelMed.
 */
final class CStoreAssociation {

    private static final Logger LOG = Logger.getLogger(CStoreAssociation.class);

    private static final int C_STORE_RQ = 0x0001;
    private static final int C_ECHO_RQ = 0x0030;
    private static final byte[] RELEASE_RP = {0x06, 0, 0, 0, 0, 4, 0, 0, 0, 0};
    /** A C-STORE-RQ or C-ECHO-RQ command set is a few hundred bytes; more is not a storage SCU talking. */
    static final int MAX_COMMAND_BYTES = 64 * 1024;

    private final Association association;
    private final DataInputStream in;
    private final OutputStream out;
    private final Path spool;
    private final String callingAeTitle;
    private final String calledAeTitle;
    private final StorageScp.Listener listener;
    private final ByteArrayOutputStream command = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[1 << 16];
    private Incoming incoming;

    CStoreAssociation(
            Association association,
            InputStream in,
            OutputStream out,
            Path spool,
            String callingAeTitle,
            String calledAeTitle,
            StorageScp.Listener listener) {
        this.association = association;
        this.in = new DataInputStream(in);
        this.out = out;
        this.spool = spool;
        this.callingAeTitle = callingAeTitle;
        this.calledAeTitle = calledAeTitle;
        this.listener = listener;
    }

    /** Until the peer releases, aborts or closes; on a protocol error, aborts. */
    void run() throws IOException, DicomNetworkException {
        try {
            while (true) {
                int type = in.read();
                if (type < 0) {
                    return;
                }
                in.readByte();
                long length = in.readInt() & 0xFFFFFFFFL;
                switch (type) {
                    case 0x04 -> pData(length);
                    case 0x05 -> {
                        in.skipNBytes(length);
                        out.write(RELEASE_RP);
                        out.flush();
                        return;
                    }
                    case 0x07 -> {
                        LOG.debugf("association from %s aborted by the peer", callingAeTitle);
                        return;
                    }
                    default -> throw new IOException("unexpected PDU type 0x" + Integer.toHexString(type));
                }
            }
        } catch (IOException | DicomNetworkException | RuntimeException e) {
            association.abort();
            throw e;
        } finally {
            if (incoming != null) {
                incoming.discard();
            }
        }
    }

    private void pData(long length) throws IOException, DicomNetworkException {
        long remaining = length;
        while (remaining > 0) {
            int pdvLength = in.readInt();
            byte contextId = in.readByte();
            int control = in.readUnsignedByte();
            int valueLength = pdvLength - 2;
            remaining -= 4L + pdvLength;
            if (valueLength < 0 || remaining < 0) {
                throw new IOException("malformed P-DATA-TF PDU");
            }
            boolean last = (control & 0x02) != 0;
            if ((control & 0x01) != 0) {
                if (command.size() + (long) valueLength > MAX_COMMAND_BYTES) {
                    throw new IOException("DIMSE command set larger than " + MAX_COMMAND_BYTES + " bytes");
                }
                command.write(in.readNBytes(valueLength));
                if (last) {
                    onCommand(contextId);
                }
            } else {
                onData(contextId, valueLength, last);
            }
        }
    }

    private void onCommand(byte contextId) throws IOException, DicomNetworkException {
        AttributeList list = new AttributeList();
        byte[] commandSet = command.toByteArray();
        command.reset();
        try {
            DicomInputGuard.checkCommandSet(commandSet, DicomLimits.DEFAULTS);
        } catch (UnreadableDicomException e) {
            throw new IOException("refusing a DIMSE command set: " + e.getMessage(), e);
        }
        try {
            list.read(new DicomInputStream(new ByteArrayInputStream(commandSet), TransferSyntax.Default, false));
            int field = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.CommandField, 0xFFFF);
            if (field == C_ECHO_RQ) {
                CEchoRequestCommandMessage echo = new CEchoRequestCommandMessage(list);
                association.send(
                        contextId,
                        new CEchoResponseCommandMessage(
                                        echo.getAffectedSOPClassUID(), echo.getMessageID(), StorageScp.SUCCESS)
                                .getBytes(),
                        null);
            } else if (field == C_STORE_RQ) {
                incoming = new Incoming(new CStoreRequestCommandMessage(list), contextId);
            } else {
                throw new IOException("unsupported DIMSE command 0x" + Integer.toHexString(field));
            }
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IOException("unreadable DIMSE command: " + e.getMessage(), e);
        }
    }

    private void onData(byte contextId, int length, boolean last) throws IOException, DicomNetworkException {
        if (incoming == null) {
            throw new IOException("dataset fragment without a C-STORE-RQ");
        }
        incoming.write(length);
        if (last) {
            Incoming done = incoming;
            incoming = null;
            StorageScp.ReceivedObject object = done.complete();
            int status;
            try {
                String undecodable = AcceptedSyntaxes.undecodableReason(object.file(), object.transferSyntaxUid());
                if (undecodable != null) {
                    LOG.warnf(
                            "refusing C-STORE of %s from %s: %s",
                            object.file().getFileName(), callingAeTitle, undecodable);
                    status = StorageScp.CANNOT_UNDERSTAND;
                } else {
                    status = listener.received(object);
                }
            } catch (RuntimeException e) {
                LOG.errorf(
                        "storing %s failed: %s",
                        object.file().getFileName(), e.getClass().getName());
                status = StorageScp.REFUSED_OUT_OF_RESOURCES;
            } finally {
                // The spool is a receipt's only: placed objects are linked into the store, refused ones
                // into its rejected area, and a transient failure leaves the copy with the sender.
                Files.deleteIfExists(object.file());
            }
            try {
                association.send(
                        done.contextId,
                        new CStoreResponseCommandMessage(
                                        done.request.getAffectedSOPClassUID(),
                                        done.request.getAffectedSOPInstanceUID(),
                                        done.request.getMessageID(),
                                        status)
                                .getBytes(),
                        null);
            } catch (com.pixelmed.dicom.DicomException e) {
                throw new IOException(e);
            }
        }
    }

    /** One dataset being received into the spool. */
    private final class Incoming {
        final CStoreRequestCommandMessage request;
        final byte contextId;
        final String transferSyntax;
        final Path file;
        final FileOutputStream fileOut;
        final MessageDigest sha256;
        final OutputStream sink;
        long size;

        Incoming(CStoreRequestCommandMessage request, byte contextId) throws IOException, DicomNetworkException {
            this.request = request;
            this.contextId = contextId;
            this.transferSyntax = association.getTransferSyntaxForPresentationContextID(contextId);
            this.file = spool.resolve(UUID.randomUUID() + ".dcm");
            try {
                this.sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            this.fileOut = new FileOutputStream(file.toFile());
            this.sink = new BufferedOutputStream(new DigestOutputStream(new CountingStream(fileOut), sha256), 1 << 18);
            try {
                FileMetaInformation meta = new FileMetaInformation(
                        request.getAffectedSOPClassUID(),
                        request.getAffectedSOPInstanceUID(),
                        transferSyntax,
                        callingAeTitle);
                DicomOutputStream dicom = new DicomOutputStream(sink, TransferSyntax.ExplicitVRLittleEndian, null);
                meta.getAttributeList().write(dicom);
                dicom.flush();
            } catch (com.pixelmed.dicom.DicomException e) {
                discard();
                throw new IOException("cannot write the file meta information: " + e.getMessage(), e);
            }
        }

        void write(int length) throws IOException {
            if (size + length > DicomLimits.DEFAULTS.maxObjectBytes()) {
                throw new IOException("data set larger than " + DicomLimits.DEFAULTS.maxObjectBytes() + " bytes");
            }
            int left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("connection closed inside a dataset");
                }
                sink.write(buffer, 0, n);
                left -= n;
            }
        }

        /** Flushes and fsyncs: the listener gets an object that survives a crash of this process or host. */
        StorageScp.ReceivedObject complete() throws IOException {
            sink.flush();
            fileOut.getChannel().force(true);
            fileOut.close();
            return new StorageScp.ReceivedObject(
                    file,
                    HexFormat.of().formatHex(sha256.digest()),
                    size,
                    transferSyntax,
                    request.getAffectedSOPClassUID(),
                    request.getAffectedSOPInstanceUID(),
                    callingAeTitle,
                    calledAeTitle);
        }

        void discard() {
            try {
                fileOut.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warnf("cannot delete partial spool file %s: %s", file, e.getMessage());
            }
        }

        /** Counts what reaches the file, so the size needs no second look at it. */
        private final class CountingStream extends java.io.FilterOutputStream {
            CountingStream(OutputStream out) {
                super(out);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                size += len;
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                size++;
            }
        }
    }
}
