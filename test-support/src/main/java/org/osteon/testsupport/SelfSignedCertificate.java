package org.osteon.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed RSA certificate for localhost (and 127.0.0.1) made with the JDK's keytool, for tests
 * that need a real TLS peer: the DICOM gateway's TLS listener, the secured Kafka broker.
 */
public final class SelfSignedCertificate {

    private SelfSignedCertificate() {}

    /** A PKCS#12 key store holding the key and certificate under {@code alias}, and the certificate as PEM. */
    public static void create(Path keyStore, Path pem, String alias, String password) throws Exception {
        create(keyStore, pem, alias, password, "localhost", "dns:localhost,ip:127.0.0.1");
    }

    /**
     * As {@link #create(Path, Path, String, String)} for another name: {@code CN=commonName} and the
     * given subject alternative names (keytool's form, e.g. {@code dns:ris.example}).
     */
    public static void create(
            Path keyStore, Path pem, String alias, String password, String commonName, String subjectAltNames)
            throws Exception {
        keytool(
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=" + commonName,
                "-ext",
                "SAN=" + subjectAltNames,
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                password,
                "-keypass",
                password);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                alias,
                "-keystore",
                keyStore.toString(),
                "-storepass",
                password,
                "-file",
                pem.toString());
    }

    /** A PKCS#12 trust store with the PEM certificate as its one trust anchor (a key entry is not one). */
    public static void trustStore(Path pem, Path trustStore, String password) throws Exception {
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "osteon-test-ca",
                "-file",
                pem.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trustStore.toString(),
                "-storepass",
                password);
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
        }
    }
}
