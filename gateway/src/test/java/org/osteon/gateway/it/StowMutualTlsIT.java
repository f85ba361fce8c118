package org.osteon.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.testsupport.MutualTlsFiles;
import org.osteon.testsupport.dicom.TestDicom;

/**
 * STOW-RS by mutual TLS instead of a bearer token: a client certificate that the server trusts and
 * whose Common Name is mapped to the ingest role stores; without one (and without a token) the same
 * request gets 401.
 */
@QuarkusTest
@TestProfile(StowMutualTlsIT.MutualTls.class)
@QuarkusTestResource(value = StowMutualTlsIT.CertificatesAndStores.class, restrictToAnnotatedClass = true)
class StowMutualTlsIT {

    static final String PASSWORD = "changeit";

    /** A profile of its own: Quarkus restarts with HTTPS on for this class only. */
    public static class MutualTls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The Common Name of the test's client certificate, mapped to the ingest role.
            return Map.of("quarkus.http.auth.certificate-role-properties", "mtls/certificate-roles.properties");
        }
    }

    /** The broker and stores of the other tests, plus a server key, a client key, and the server's trust in it. */
    public static class CertificatesAndStores extends KafkaAndStoresResource {
        static MutualTlsFiles tls;

        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            try {
                tls = MutualTlsFiles.create(Files.createTempDirectory("osteon-mtls"), PASSWORD);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            config.putAll(tls.quarkusServerConfig());
            return config;
        }
    }

    @TestHTTPResource(value = "/dicomweb/studies", tls = true)
    URL stow;

    @TempDir
    Path temp;

    @Test
    @Timeout(120)
    void shouldStoreWithATrustedClientCertificateAndRefuseWithoutOne() throws Exception {
        byte[] body = body(TestDicom.writeRadiograph(temp.resolve("cr.dcm"), "1.2.826.0.1.3680043.9.7777.23.1"));

        int withCertificate = post(CertificatesAndStores.tls.client(true), body);
        int withoutCertificate = post(CertificatesAndStores.tls.client(false), body);

        assertThat(withCertificate).isEqualTo(200);
        assertThat(withoutCertificate).isEqualTo(401);
    }

    private int post(HttpClient client, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(stow.toURI())
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=OSTEONB")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static byte[] body(Path dicom) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write("--OSTEONB\r\nContent-Type: application/dicom\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        body.write(Files.readAllBytes(dicom));
        body.write("\r\n--OSTEONB--\r\n".getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }
}
