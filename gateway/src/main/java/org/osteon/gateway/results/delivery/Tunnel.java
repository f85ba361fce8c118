package org.osteon.gateway.results.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A one-connection relay from a loopback port to a destination, for a DICOM library that opens its own
 * plain socket: the relay's outbound side has a connect timeout and a read timeout, and may be TLS with
 * the destination's own context, TLS 1.2 or later and the host name checked against the certificate.
 * The outbound connection (and handshake) is made before the local port is handed out, so an unreachable
 * destination fails the attempt at once.
 */
final class Tunnel implements AutoCloseable {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /** Opens tunnels with one destination's TLS context (none: plain TCP) and timeout. */
    record Factory(Optional<SSLContext> tls, Duration timeout) {
        Tunnel open(String host, int port) throws IOException {
            return new Tunnel(connect(host, port), (int) timeout.toMillis());
        }

        private Socket connect(String host, int port) throws IOException {
            int millis = (int) timeout.toMillis();
            Socket socket = tls.isPresent() ? tls.get().getSocketFactory().createSocket() : new Socket();
            try {
                socket.connect(new InetSocketAddress(host, port), millis);
                socket.setSoTimeout(millis);
                if (socket instanceof SSLSocket ssl) {
                    SSLParameters parameters = ssl.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    parameters.setProtocols(PROTOCOLS);
                    ssl.setSSLParameters(parameters);
                    ssl.startHandshake();
                }
                return socket;
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }
    }

    private final Socket remote;
    private final ServerSocket listener;
    private final int timeoutMillis;
    private volatile Socket local;

    private Tunnel(Socket remote, int timeoutMillis) throws IOException {
        this.remote = remote;
        this.timeoutMillis = timeoutMillis;
        this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(timeoutMillis);
        daemon("result-tunnel-accept", this::relay).start();
    }

    String localHost() {
        return InetAddress.getLoopbackAddress().getHostAddress();
    }

    int localPort() {
        return listener.getLocalPort();
    }

    private void relay() {
        try {
            local = listener.accept();
            local.setSoTimeout(timeoutMillis);
            listener.close();
            Thread up = daemon("result-tunnel-up", () -> pump(local, remote));
            up.start();
            pump(remote, local);
            up.join(timeoutMillis);
        } catch (IOException | InterruptedException e) {
            close();
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (SocketTimeoutException e) {
            // The peer went silent past the timeout: end the association, the attempt fails.
        } catch (IOException e) {
            // One side closed: the other follows below.
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        closeQuietly(listener);
        closeQuietly(local);
        closeQuietly(remote);
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Closing is best effort: the socket is gone either way.
            }
        }
    }
}
