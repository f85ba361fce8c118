package org.osteon.gateway.scp;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.osteon.testsupport.SelfSignedCertificate;

/** The gateway's test certificate: a PKCS#12 key store for the SCP and a PEM file for dcmtk. */
public final class TestTls {

    private TestTls() {}

    public static void selfSigned(Path keyStore, Path pem, String password) throws Exception {
        SelfSignedCertificate.create(keyStore, pem, "scp", password);
    }

    public static SSLContext context(Path keyStore, String password, Path... trustedPems) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, password.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password.toCharArray());
        javax.net.ssl.TrustManager[] trust = null;
        if (trustedPems.length > 0) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            var certificates = java.security.cert.CertificateFactory.getInstance("X.509");
            for (Path pem : trustedPems) {
                try (InputStream in = Files.newInputStream(pem)) {
                    trusted.setCertificateEntry(pem.getFileName().toString(), certificates.generateCertificate(in));
                }
            }
            var factory = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            trust = factory.getTrustManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust, null);
        return context;
    }

    /** A sender's self-signed client certificate for {@code commonName}: its PEM key and certificate, for dcmtk. */
    public static void clientCertificate(Path key, Path certificate, String commonName) throws Exception {
        DcmtkPeer.run(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-days",
                        "2",
                        "-subj",
                        "/CN=" + commonName,
                        "-keyout",
                        key.toString(),
                        "-out",
                        certificate.toString())
                .ok();
    }
}
