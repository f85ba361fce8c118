package org.osteon.worklist.peers;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.osteon.testsupport.SelfSignedCertificate;

/**
 * Certificates for the tests' TLS peers, made with the JDK's keytool in a temporary folder: a peer's
 * PKCS#12 key store, the trust store that trusts it, and an SSLContext for the peer's side.
 */
public final class TestTls {

    public static final String PASSWORD = "test-only-store-password";

    /** A key store and the trust store that trusts its one certificate. */
    public record Identity(Path keyStore, Path trustStore) {}

    private TestTls() {}

    /** A self-signed certificate for localhost and 127.0.0.1 (test-support's). */
    public static Identity localhost(Path dir, String name) throws Exception {
        Path keyStore = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        SelfSignedCertificate.create(keyStore, pem, name, PASSWORD);
        Path trustStore = dir.resolve(name + "-trust.p12");
        SelfSignedCertificate.trustStore(pem, trustStore, PASSWORD);
        return new Identity(keyStore, trustStore);
    }

    /** A self-signed certificate that names only {@code dnsName}: not localhost, not 127.0.0.1. */
    public static Identity namedOnly(Path dir, String name, String dnsName) throws Exception {
        Path keyStore = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        SelfSignedCertificate.create(keyStore, pem, name, PASSWORD, dnsName, "dns:" + dnsName);
        Path trustStore = dir.resolve(name + "-trust.p12");
        SelfSignedCertificate.trustStore(pem, trustStore, PASSWORD);
        return new Identity(keyStore, trustStore);
    }

    /**
     * The server side of a TLS peer: {@code server}'s key, and, when given, the trust store client
     * certificates must chain to.
     */
    public static SSLContext serverContext(Identity server, Path clientTrustStore) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(server.keyStore()), PASSWORD.toCharArray());
        javax.net.ssl.TrustManager[] trust = null;
        if (clientTrustStore != null) {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(load(clientTrustStore));
            trust = factory.getTrustManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust, null);
        return context;
    }

    private static KeyStore load(Path path) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }
}
