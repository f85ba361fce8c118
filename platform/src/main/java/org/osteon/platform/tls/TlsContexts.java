package org.osteon.platform.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** SSL contexts from key and trust store files, the way every Osteon TLS endpoint and client names them. */
public final class TlsContexts {

    private TlsContexts() {}

    /** A store file: its path, type (PKCS12, JKS) and password. */
    public record StoreFile(Path path, String type, Optional<String> password) {}

    /**
     * @param keys Osteon's own key and certificate chain; none for a client without a certificate
     * @param trust the authorities the peer must chain to; none for the JDK's default authorities
     */
    public static SSLContext context(Optional<StoreFile> keys, Optional<StoreFile> trust)
            throws IOException, GeneralSecurityException {
        KeyManager[] keyManagers = null;
        if (keys.isPresent()) {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(load(keys.get()), keys.get().password().orElse("").toCharArray());
            keyManagers = factory.getKeyManagers();
        }
        TrustManager[] trustManagers = null;
        if (trust.isPresent()) {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(load(trust.get()));
            trustManagers = factory.getTrustManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, trustManagers, null);
        return context;
    }

    public static KeyStore load(StoreFile file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file.path())) {
            KeyStore store = KeyStore.getInstance(file.type());
            store.load(in, file.password().orElse("").toCharArray());
            return store;
        }
    }
}
