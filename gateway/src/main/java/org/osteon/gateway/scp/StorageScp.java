package org.osteon.gateway.scp;

import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.jboss.logging.Logger;

/**
 * A DICOM Storage SCP (C-STORE and C-ECHO) that answers a C-STORE only once its listener has made the
 * object durable. PixelMed negotiates each association; {@link CStoreAssociation} runs the DIMSE
 * exchange, because PixelMed's own StorageSOPClassSCP always answers success (see docs/gateway.md).
 */
public final class StorageScp implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StorageScp.class);

    /** The maximum PDU we offer: large PDUs mean fewer, larger reads for multi-megabyte radiographs. */
    static final int MAX_PDU_LENGTH = 1 << 20;
    /** How long a peer may take to send its association request, and to go quiet within an association. */
    private static final int READ_TIMEOUT_MILLIS = 60_000;

    /** C-STORE response statuses (PS3.4 Annex B.2.3) the listener may answer with. */
    public static final int SUCCESS = 0x0000;

    public static final int REFUSED_OUT_OF_RESOURCES = 0xA700;
    public static final int CANNOT_UNDERSTAND = 0xC000;

    /**
     * How the SCP listens.
     *
     * @param allowedCallingAeTitles calling AE titles accepted; empty accepts none; null accepts every AE
     * @param maxAssociations associations served at once; one more is rejected (transient, local limit)
     * @param tls how to listen with TLS, or null for plain TCP
     */
    public record Settings(
            int port, String aeTitle, Set<String> allowedCallingAeTitles, int maxAssociations, Tls tls) {}

    /**
     * DICOM over TLS (PS3.15 Annex B.9).
     *
     * @param context the SCP's key (and, for client certificates, the trusted authorities)
     * @param requireClientCertificate whether a sender without a trusted client certificate fails the handshake
     * @param aeTitleFromCertificate whether the calling AE title must equal the client certificate's Common Name
     */
    public record Tls(SSLContext context, boolean requireClientCertificate, boolean aeTitleFromCertificate) {}

    /** One object, complete on disk in the spool (fsynced), with the digest of its bytes as written. */
    public record ReceivedObject(
            Path file,
            String sha256,
            long sizeBytes,
            String transferSyntaxUid,
            String sopClassUid,
            String sopInstanceUid,
            String callingAeTitle,
            String calledAeTitle) {}

    /** Decides the C-STORE response; called on the association's thread before anything is answered. */
    @FunctionalInterface
    public interface Listener {
        /** @return a C-STORE status, e.g. {@link #SUCCESS} once the object is durable */
        int received(ReceivedObject object);
    }

    private final Settings settings;
    private final Path spool;
    private final Listener listener;
    private final ServerSocket server;
    private final Semaphore slots;
    private final AcceptedSyntaxes policy = new AcceptedSyntaxes();
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService associations = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dicom-association-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private final Thread acceptor;

    private StorageScp(Settings settings, Path spool, Listener listener, ServerSocket server) {
        this.settings = settings;
        this.spool = spool;
        this.listener = listener;
        this.server = server;
        this.slots = new Semaphore(settings.maxAssociations());
        this.acceptor = new Thread(this::acceptLoop, "dicom-scp-" + settings.aeTitle() + "-" + settings.port());
        this.acceptor.setDaemon(true);
    }

    /** Binds the port and returns once it accepts connections. */
    public static StorageScp start(Settings settings, Path spool, Listener listener) throws IOException {
        Files.createDirectories(spool);
        ServerSocket server;
        if (settings.tls() != null) {
            SSLServerSocket tls = (SSLServerSocket)
                    settings.tls().context().getServerSocketFactory().createServerSocket();
            // PS3.15 Annex B.9 (BCP 195): TLS 1.2 or later only.
            tls.setEnabledProtocols(supported(tls.getSupportedProtocols(), "TLSv1.3", "TLSv1.2"));
            tls.setNeedClientAuth(settings.tls().requireClientCertificate());
            server = tls;
        } else {
            server = new ServerSocket();
        }
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(settings.port()), 128);
        StorageScp scp = new StorageScp(settings, spool, listener, server);
        scp.acceptor.start();
        return scp;
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                associations.execute(() -> serve(socket));
            } catch (SocketException e) {
                if (!server.isClosed()) {
                    LOG.errorf("DICOM SCP accept failed: %s", e.getMessage());
                }
            } catch (IOException e) {
                LOG.errorf("DICOM SCP accept failed: %s", e.getMessage());
            }
        }
    }

    private void serve(Socket socket) {
        String peer = String.valueOf(socket.getRemoteSocketAddress());
        try (socket) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            AssociationRequest request = AssociationRequest.read(socket.getInputStream());
            AssociationRequest.Rejection rejection = screen(request, certificateName(socket));
            if (rejection != null) {
                LOG.warnf(
                        "rejecting association from %s (calling AE %s, called AE %s): %s",
                        peer, request.callingAeTitle(), request.calledAeTitle(), rejection);
                rejection.send(socket.getOutputStream());
                return;
            }
            try {
                ReplayingSocket replaying = new ReplayingSocket(socket, request.pdu());
                Association association = AssociationFactory.createNewAssociation(
                        replaying, settings.aeTitle(), MAX_PDU_LENGTH, 0, 0, policy);
                new CStoreAssociation(
                                association,
                                replaying.getInputStream(),
                                socket.getOutputStream(),
                                spool,
                                request.callingAeTitle(),
                                settings.aeTitle(),
                                listener)
                        .run();
            } finally {
                slots.release();
            }
        } catch (Exception e) {
            LOG.warnf("association from %s ended abnormally: %s", peer, e.toString());
        }
    }

    /**
     * The reason to reject, or null to go on (having taken an association slot).
     *
     * @param certificateName the Common Name of the sender's client certificate, null without one
     */
    private AssociationRequest.Rejection screen(AssociationRequest request, String certificateName) {
        if (!settings.aeTitle().equals(request.calledAeTitle())) {
            return AssociationRequest.Rejection.CALLED_AE_NOT_RECOGNIZED;
        }
        if (settings.tls() != null
                && settings.tls().aeTitleFromCertificate()
                && !request.callingAeTitle().equals(certificateName)) {
            return AssociationRequest.Rejection.CALLING_AE_NOT_RECOGNIZED;
        }
        Set<String> allowed = settings.allowedCallingAeTitles();
        if (allowed != null && !allowed.contains(request.callingAeTitle())) {
            return AssociationRequest.Rejection.CALLING_AE_NOT_RECOGNIZED;
        }
        if (!slots.tryAcquire()) {
            return AssociationRequest.Rejection.LOCAL_LIMIT_EXCEEDED;
        }
        return null;
    }

    /** The subject Common Name of a TLS peer's certificate; null on plain TCP or without a certificate. */
    private static String certificateName(Socket socket) {
        if (!(socket instanceof SSLSocket tls)) {
            return null;
        }
        try {
            java.security.cert.Certificate[] chain = tls.getSession().getPeerCertificates();
            String subject = ((java.security.cert.X509Certificate) chain[0])
                    .getSubjectX500Principal()
                    .getName();
            for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(subject).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
            return null;
        } catch (javax.net.ssl.SSLPeerUnverifiedException | javax.naming.InvalidNameException e) {
            return null;
        }
    }

    private static String[] supported(String[] available, String... wanted) {
        Set<String> have = Set.of(available);
        return java.util.Arrays.stream(wanted).filter(have::contains).toArray(String[]::new);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            associations.shutdownNow();
            try {
                acceptor.join(5_000);
                associations.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
