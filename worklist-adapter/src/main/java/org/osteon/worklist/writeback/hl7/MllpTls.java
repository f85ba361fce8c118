package org.osteon.worklist.writeback.hl7;

import ca.uhn.hl7v2.util.StandardSocketFactory;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.osteon.platform.tls.TlsContexts;
import org.osteon.worklist.config.WorklistConfig;

/**
 * MLLP over TLS for HAPI's client connections, from {@code osteon.writeback.hl7.tls.*}. HAPI's own TLS
 * socket uses the JVM's default context and verifies no host name; this one uses the configured trust
 * store (and client key store, for mutual TLS), TLS 1.2 or later, and verifies that the RIS's
 * certificate names the host it was asked to connect to (HTTPS rules: DNS or IP subject alternative
 * name). HAPI connects the socket by host name, so the JDK sends that name as SNI.
 */
final class MllpTls extends StandardSocketFactory {

    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SSLContext context;

    private MllpTls(SSLContext context) {
        this.context = context;
    }

    /** The socket factory for {@code tls}, or empty when TLS is off; fails on an unreadable store. */
    static Optional<MllpTls> from(WorklistConfig.Hl7Tls tls) {
        if (!tls.enabled()) {
            return Optional.empty();
        }
        try {
            SSLContext context = TlsContexts.context(
                    tls.keyStore()
                            .map(path -> new TlsContexts.StoreFile(path, tls.keyStoreType(), tls.keyStorePassword())),
                    tls.trustStore()
                            .map(path ->
                                    new TlsContexts.StoreFile(path, tls.trustStoreType(), tls.trustStorePassword())));
            return Optional.of(new MllpTls(context));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the HL7 TLS key or trust store: " + e.getMessage(), e);
        }
    }

    @Override
    public Socket createTlsSocket() throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        // As HAPI's own sockets: its reader polls with this timeout to notice a closed connection.
        socket.setKeepAlive(true);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(getAcceptedSocketTimeout());
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        List<String> supported = Arrays.asList(socket.getSupportedProtocols());
        parameters.setProtocols(PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new));
        socket.setSSLParameters(parameters);
        return socket;
    }
}
