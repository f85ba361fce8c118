package org.osteon.gateway.results.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.osteon.gateway.scp.DcmtkPeer;
import org.osteon.testsupport.SelfSignedCertificate;

/**
 * A real Orthanc (Debian's {@code orthanc} with {@code orthanc-dicomweb}) in a temporary folder, on free
 * ports, with one user: the PACS the results are delivered to. Optionally with DICOM TLS from a PEM
 * certificate and key. Debian's Orthanc 1.10.1 crashes serving HTTPS itself (its civetweb with OpenSSL
 * 3), so HTTPS is tested through {@link HttpsFront}, the TLS-terminating proxy Orthanc's own documentation
 * puts in front of it.
 */
final class OrthancPeer implements AutoCloseable {

    static final String AE_TITLE = "ORTHANC";
    static final String USER = "osteon";
    static final String PASSWORD = "test-only-password";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    final int httpPort;
    final int dicomPort;
    final boolean tls;
    private final HttpClient http;

    /**
     * @param tlsFiles certificate and key PEM files for DICOM TLS; null for plain DICOM
     */
    OrthancPeer(Path dir, Path[] tlsFiles) throws Exception {
        this.httpPort = freePort();
        this.dicomPort = freePort();
        this.tls = tlsFiles != null;
        ObjectNode config = JSON.createObjectNode();
        config.put("Name", "osteon-test-pacs");
        config.put("StorageDirectory", dir.resolve("db").toString());
        config.put("IndexDirectory", dir.resolve("db").toString());
        config.put("HttpPort", httpPort);
        config.put("DicomPort", dicomPort);
        config.put("DicomAet", AE_TITLE);
        config.put("RemoteAccessAllowed", false);
        config.put("AuthenticationEnabled", true);
        config.putObject("RegisteredUsers").put(USER, PASSWORD);
        config.put("DicomCheckCalledAet", true);
        config.put("OverwriteInstances", false);
        config.putArray("Plugins").add("/usr/share/orthanc/plugins/libOrthancDicomWeb.so");
        config.putObject("DicomWeb").put("Enable", true).put("Root", "/dicom-web/");
        if (tls) {
            config.put("DicomTlsEnabled", true);
            config.put("DicomTlsCertificate", tlsFiles[0].toString());
            config.put("DicomTlsPrivateKey", tlsFiles[1].toString());
            config.put("DicomTlsTrustedCertificates", tlsFiles[0].toString());
            config.put("DicomTlsRemoteCertificateRequired", false);
        }
        Files.createDirectories(dir.resolve("db"));
        Path file = dir.resolve("orthanc.json");
        JSON.writeValue(file.toFile(), config);
        this.process = new ProcessBuilder("Orthanc", file.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("orthanc.log").toFile())
                .start();
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        waitUntilUp(dir);
    }

    /**
     * The project's self-signed certificate for localhost (CN and SAN localhost, 127.0.0.1), as Orthanc
     * and the HTTPS front take it: [certificate PEM, private key PEM, the PKCS#12 store, password changeit].
     */
    static Path[] certificate(Path dir) throws Exception {
        Path cert = dir.resolve("orthanc-cert.pem");
        Path key = dir.resolve("orthanc-key.pem");
        Path p12 = dir.resolve("orthanc-key.p12");
        SelfSignedCertificate.create(p12, cert, "orthanc", "changeit");
        // Orthanc reads its key as PEM only.
        DcmtkPeer.run(
                        "openssl",
                        "pkcs12",
                        "-in",
                        p12.toString(),
                        "-nocerts",
                        "-nodes",
                        "-passin",
                        "pass:changeit",
                        "-out",
                        key.toString())
                .ok();
        return new Path[] {cert, key, p12};
    }

    URI baseUri() {
        return URI.create("http://localhost:" + httpPort);
    }

    URI dicomWebUri() {
        return URI.create(baseUri() + "/dicom-web");
    }

    /** The Orthanc ids of the instances with this SOP Instance UID (one, or none; two would be a duplicate). */
    List<String> instancesWithSopUid(String sopInstanceUid) throws Exception {
        String query = "{\"Level\":\"Instance\",\"Query\":{\"SOPInstanceUID\":\"" + sopInstanceUid + "\"}}";
        JsonNode found = JSON.readTree(post("/tools/find", query));
        return JSON.convertValue(found, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    int instanceCount() throws Exception {
        return JSON.readTree(get("/statistics")).get("CountInstances").asInt();
    }

    String get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUri() + path)).GET());
    }

    String post(String path, String body) throws Exception {
        return send(
                HttpRequest.newBuilder(URI.create(baseUri() + path)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private String send(HttpRequest.Builder request) throws Exception {
        String credentials =
                Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(
                request.header("Authorization", "Basic " + credentials).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Orthanc answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private void waitUntilUp(Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Orthanc exited: " + Files.readString(dir.resolve("orthanc.log")));
            }
            try {
                get("/system");
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException(
                "Orthanc did not answer in 30 s: " + Files.readString(dir.resolve("orthanc.log")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
