package org.osteon.streams.dicom;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.osteon.testsupport.SelfSignedCertificate;

/** The gateway's test certificate: a PKCS#12 key store for the SCP and a PEM file for dcmtk. */
public final class TestTls {

    private TestTls() {
    }

    public static void selfSigned(Path keyStore, Path pem, String password) throws Exception {
        SelfSignedCertificate.create(keyStore, pem, "scp", password);
    }

    public static SSLContext context(Path keyStore, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, password.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }
}
