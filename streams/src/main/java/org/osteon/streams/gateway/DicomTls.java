package org.osteon.streams.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.osteon.streams.config.OsteonConfig;

/** The SCP's TLS context from {@code osteon.gateway.dicom.tls.*}; null when TLS is off. */
final class DicomTls {

    private DicomTls() {
    }

    static SSLContext context(OsteonConfig.Tls tls) {
        if (!tls.enabled()) {
            return null;
        }
        var path = tls.keyStore().orElseThrow(() -> new IllegalStateException(
                "osteon.gateway.dicom.tls.enabled is true but osteon.gateway.dicom.tls.key-store is not set"));
        char[] password = tls.keyStorePassword().orElse("").toCharArray();
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(tls.keyStoreType());
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the DICOM TLS key store " + path + ": " + e.getMessage(), e);
        }
    }
}
