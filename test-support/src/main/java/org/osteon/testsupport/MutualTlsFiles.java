package org.osteon.testsupport;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Everything a mutual-TLS test of a Quarkus endpoint needs: a self-signed server key, a self-signed
 * client key (both for {@code CN=localhost}), the server's trust store holding the client's certificate,
 * the Quarkus settings that serve HTTPS with them, and an HTTP client with or without the client key.
 */
public record MutualTlsFiles(Path dir, String password) {

    /** Makes the keys and the trust store in {@code dir}. */
    public static MutualTlsFiles create(Path dir, String password) throws Exception {
        SelfSignedCertificate.create(dir.resolve("server.p12"), dir.resolve("server.pem"), "server", password);
        SelfSignedCertificate.create(dir.resolve("client.p12"), dir.resolve("client.pem"), "client", password);
        SelfSignedCertificate.trustStore(dir.resolve("client.pem"), dir.resolve("trust.p12"), password);
        return new MutualTlsFiles(dir, password);
    }

    /** Quarkus' TLS registry settings that serve HTTPS with the server key and trust the client's. */
    public Map<String, String> quarkusServerConfig() {
        return Map.of(
                "quarkus.tls.key-store.p12.path",
                dir.resolve("server.p12").toString(),
                "quarkus.tls.key-store.p12.password",
                password,
                "quarkus.tls.trust-store.p12.path",
                dir.resolve("trust.p12").toString(),
                "quarkus.tls.trust-store.p12.password",
                password,
                "quarkus.http.test-ssl-port",
                "0");
    }

    /** An HTTPS client that trusts the server's certificate and presents the client's when asked, if told to. */
    public HttpClient client(boolean withClientCertificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("server.pem"))) {
            trusted.setCertificateEntry(
                    "server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        KeyManagerFactory keys = null;
        if (withClientCertificate) {
            KeyStore client = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve("client.p12"))) {
                client.load(in, password.toCharArray());
            }
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(client, password.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).build();
    }
}
