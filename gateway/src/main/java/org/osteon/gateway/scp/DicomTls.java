package org.osteon.gateway.scp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.osteon.gateway.config.GatewayConfig;

/** The SCP's TLS settings from {@code osteon.gateway.dicom.tls.*}; null when TLS is off. */
final class DicomTls {

    private DicomTls() {}

    static StorageScp.Tls settings(GatewayConfig.Tls tls) {
        if (!tls.enabled()) {
            return null;
        }
        if (tls.requireClientCertificate() && tls.trustStore().isEmpty()) {
            throw new IllegalStateException("osteon.gateway.dicom.tls.require-client-certificate needs "
                    + "osteon.gateway.dicom.tls.trust-store: the authorities senders' certificates chain to");
        }
        if (tls.aeTitleFromCertificate() && !tls.requireClientCertificate()) {
            throw new IllegalStateException("osteon.gateway.dicom.tls.ae-title-from-certificate needs "
                    + "osteon.gateway.dicom.tls.require-client-certificate=true");
        }
        var path = tls.keyStore()
                .orElseThrow(() -> new IllegalStateException(
                        "osteon.gateway.dicom.tls.enabled is true but osteon.gateway.dicom.tls.key-store is not set"));
        try {
            KeyStore keyStore = load(path, tls.keyStoreType(), tls.keyStorePassword());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, tls.keyStorePassword().orElse("").toCharArray());
            TrustManager[] trust = null;
            if (tls.trustStore().isPresent()) {
                TrustManagerFactory factory =
                        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(load(tls.trustStore().get(), tls.trustStoreType(), tls.trustStorePassword()));
                trust = factory.getTrustManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust, null);
            return new StorageScp.Tls(context, tls.requireClientCertificate(), tls.aeTitleFromCertificate());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the DICOM TLS key or trust store: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(java.nio.file.Path path, String type, java.util.Optional<String> password)
            throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password.orElse("").toCharArray());
            return store;
        }
    }
}
