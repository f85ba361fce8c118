package org.osteon.gateway.results.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.osteon.events.ResultObject;

/**
 * STOW-RS (PS3.18 10.5) of one object: a {@code multipart/related; type="application/dicom"} POST to
 * {@code <url>/studies}. 200 is stored; 202 stored with warnings; anything else failed. The response body
 * is not parsed for per-instance failures: with one instance per request the status says it all.
 */
final class StowRsSender implements Sender {

    /** The most of an error body kept in an audit detail. */
    private static final int MAX_DETAIL = 300;

    private final URI studies;
    private final Optional<String> authorization;
    private final HttpClient client;
    private final Duration timeout;

    StowRsSender(URI base, Optional<String> authorization, Optional<SSLContext> tls, Duration timeout) {
        String text = base.toString();
        this.studies = URI.create((text.endsWith("/") ? text : text + "/") + "studies");
        this.authorization = authorization;
        this.timeout = timeout;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
        tls.ifPresent(context -> {
            SSLParameters parameters = new SSLParameters();
            parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            builder.sslContext(context).sslParameters(parameters);
        });
        this.client = builder.build();
    }

    static Optional<String> basic(String user, String password) {
        return Optional.of("Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String protocol() {
        return "STOW-RS";
    }

    @Override
    public Attempt send(Path file, ResultObject object) {
        String boundary = "osteon-" + UUID.randomUUID();
        try {
            byte[] head = ("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            HttpRequest.Builder request = HttpRequest.newBuilder(studies)
                    .timeout(timeout)
                    .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                    .header("Accept", "application/dicom+json")
                    .POST(HttpRequest.BodyPublishers.concat(
                            HttpRequest.BodyPublishers.ofByteArray(head),
                            HttpRequest.BodyPublishers.ofFile(file),
                            HttpRequest.BodyPublishers.ofByteArray(tail)));
            authorization.ifPresent(value -> request.header("Authorization", value));
            HttpResponse<java.io.InputStream> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            // Only the first bytes of the answer are read: a destination cannot fill this heap with its body.
            String body;
            try (java.io.InputStream in = response.body()) {
                body = new String(in.readNBytes(MAX_DETAIL), StandardCharsets.UTF_8).strip();
            }
            if (List.of(200, 202).contains(status)) {
                return new Attempt(true, "STOW-RS " + status + " from " + studies);
            }
            return new Attempt(false, "STOW-RS " + status + " from " + studies + ": " + body);
        } catch (IOException e) {
            return new Attempt(
                    false, "STOW-RS to " + studies + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(false, "STOW-RS to " + studies + ": interrupted");
        }
    }
}
