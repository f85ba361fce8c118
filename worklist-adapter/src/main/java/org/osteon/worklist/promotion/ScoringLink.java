package org.osteon.worklist.promotion;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.osteon.worklist.config.WorklistConfig;

/**
 * This adapter's way to scoring's model endpoints, for the admin's model panel: {@code GET /api/model}
 * to show the live and shadow models, {@code POST /api/model/promote} to forward an approval, each
 * with the configured bearer token. Answers are read up to {@value #MAX_ANSWER_BYTES} bytes.
 */
public final class ScoringLink {

    /** Scoring's answer: HTTP status and body (JSON, as scoring wrote it). */
    public record Answer(int status, String body) {}

    static final int MAX_ANSWER_BYTES = 256 * 1024;
    static final int MAX_TOKEN_BYTES = 16 * 1024;

    private final URI base;
    private final Path tokenFile;
    private final Duration timeout;
    private final HttpClient http;

    ScoringLink(URI base, Path tokenFile, Duration timeout) {
        this.base = base;
        this.tokenFile = tokenFile;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The link the configuration asks for, or empty when {@code osteon.model-promotion.scoring-url} is
     * unset.
     *
     * @throws IllegalStateException when the URL is not a plain http(s) base URL, is plain http to a
     *         host other than loopback, or the token file is missing or unreadable
     */
    public static Optional<ScoringLink> from(WorklistConfig.ModelPromotion config) {
        return from(config.scoringUrl(), config.tokenFile(), config.timeout());
    }

    /** As {@link #from(WorklistConfig.ModelPromotion)}, from the three settings. */
    public static Optional<ScoringLink> from(Optional<String> scoringUrl, Optional<Path> tokenFile, Duration timeout) {
        if (scoringUrl.isEmpty()) {
            return Optional.empty();
        }
        URI base = baseUrl(scoringUrl.get());
        Path token = tokenFile.orElseThrow(() -> new IllegalStateException("osteon.model-promotion.scoring-url needs"
                + " osteon.model-promotion.token-file, the admin token this adapter presents to scoring"));
        ScoringLink link = new ScoringLink(base, token, timeout);
        link.token();
        return Optional.of(link);
    }

    static URI baseUrl(String value) {
        URI uri;
        try {
            uri = new URI(value.replaceAll("/+$", ""));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("osteon.model-promotion.scoring-url is not a URL: " + e.getMessage());
        }
        if (uri.getHost() == null
                || uri.getUserInfo() != null
                || uri.getQuery() != null
                || uri.getFragment() != null
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalStateException("osteon.model-promotion.scoring-url must be http(s)://host[:port][/path],"
                    + " without credentials, query or fragment");
        }
        if ("http".equals(uri.getScheme()) && !loopback(uri.getHost())) {
            throw new IllegalStateException("osteon.model-promotion.scoring-url: the admin token would cross the"
                    + " network in clear; use https, or plain http only to loopback");
        }
        return uri;
    }

    private static boolean loopback(String host) {
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        try {
            String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            // Only literals: a name would be looked up, and could resolve elsewhere later.
            return literal.matches("[0-9.]+|[0-9a-fA-F:]+")
                    && InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code GET /api/model}. */
    public Answer model() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(base.getPath() + "/api/model"))
                .GET());
    }

    /** {@code POST /api/model/promote} with {@code json}, the body scoring expects. */
    public Answer promote(String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(base.getPath() + "/api/model/promote"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(
                request.timeout(timeout)
                        .header("Accept", "application/json")
                        .header("Authorization", "Bearer " + token())
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
            if (bytes.length > MAX_ANSWER_BYTES) {
                throw new IOException("scoring's answer is longer than " + MAX_ANSWER_BYTES + " bytes");
            }
            return new Answer(response.statusCode(), new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private String token() {
        try {
            if (Files.size(tokenFile) > MAX_TOKEN_BYTES) {
                throw new IllegalStateException("osteon.model-promotion.token-file is larger than " + MAX_TOKEN_BYTES
                        + " bytes; it must hold one token");
            }
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            if (token.isEmpty() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalStateException(
                        "osteon.model-promotion.token-file must hold one bearer token (printable, no spaces)");
            }
            return token;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "osteon.model-promotion.token-file cannot be read: "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }
}
