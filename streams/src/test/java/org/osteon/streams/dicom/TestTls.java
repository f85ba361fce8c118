package org.osteon.streams.dicom;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A self-signed RSA server certificate made with the JDK's keytool, as a PKCS#12 key store and a PEM file for dcmtk. */
public final class TestTls {

    private TestTls() {
    }

    public static void selfSigned(Path keyStore, Path pem, String password) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        DcmtkPeer.run(keytool, "-genkeypair", "-alias", "scp", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", password, "-keypass", password).ok();
        DcmtkPeer.run(keytool, "-exportcert", "-rfc", "-alias", "scp", "-keystore", keyStore.toString(),
                "-storepass", password, "-file", pem.toString()).ok();
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
