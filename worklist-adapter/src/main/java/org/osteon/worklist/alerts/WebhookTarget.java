package org.osteon.worklist.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TrustOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osteon.worklist.config.WorklistConfig;
import org.osteon.worklist.store.OutboxItem;
import org.osteon.worklist.writeback.Delivery;
import org.osteon.worklist.writeback.WritebackTarget;

/**
 * Delivers an alert to one webhook subscriber: a signed JSON POST. It rides on the write-back outbox,
 * so it gets the same retries with exponential backoff, per-study order and dead letter as the RIS.
 *
 * <p>Before each attempt the URL goes through {@link WebhookAddressPolicy} on a fresh DNS answer, and
 * the request goes to the address that check approved: the Vert.x client is given that address as
 * the server to connect to and the URL's host as the request's host, so the Host header, TLS SNI and
 * certificate verification still use the name while no second lookup can send the request elsewhere.
 * Redirects are not followed. Every error names the subscription id, never the URL, which may carry
 * a token in its query, path or host name.
 */
@ApplicationScoped
public class WebhookTarget implements WritebackTarget {

    private static final int MAX_ERROR_CHARS = 300;

    private final WorklistConfig.Alerts config;
    private final ObjectMapper json;
    private final WebhookAddressPolicy policy;
    private final HttpClient http;
    private final Clock clock = Clock.systemUTC();

    @Inject
    WebhookTarget(WorklistConfig config, ObjectMapper json, WebhookAddressPolicy policy, Vertx vertx) {
        this(config.alerts(), json, policy, vertx, null);
    }

    /**
     * For tests that point the target at a test peer without the application around it.
     *
     * @param trust the receivers' certificate authorities; null: the JVM's default trust store
     */
    WebhookTarget(
            WorklistConfig.Alerts config,
            ObjectMapper json,
            WebhookAddressPolicy policy,
            Vertx vertx,
            TrustOptions trust) {
        this.config = config;
        this.json = json;
        this.policy = policy;
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int)
                        Math.min(Integer.MAX_VALUE, config.webhookTimeout().toMillis()))
                .setVerifyHost(true);
        if (trust != null) {
            options.setTrustOptions(trust);
        }
        this.http = vertx.createHttpClient(options);
    }

    @Override
    public boolean handles(String target) {
        return target.startsWith(OutboxItem.WEBHOOK_PREFIX);
    }

    @Override
    public Delivery deliver(OutboxItem item) {
        String who = "webhook subscription " + item.subscriptionId();
        if (item.url() == null) {
            return Delivery.rejected(who + " was removed");
        }
        if (item.secret() == null) {
            return Delivery.rejected(who + ": its secret does not open with osteon.alerts.secret-encryption-key");
        }
        WebhookAddressPolicy.Target target;
        try {
            target = policy.check(item.url());
        } catch (RefusedWebhookTarget e) {
            return Delivery.rejected(who + " refused: " + e.getMessage());
        } catch (UnknownHostException e) {
            return Delivery.retry(who + ": its host name does not resolve");
        }
        byte[] body;
        try {
            body = body(item);
        } catch (JsonProcessingException e) {
            return Delivery.rejected(who + ": the alert cannot be encoded");
        }
        // Signed at each attempt: a retry hours later still falls inside the receiver's tolerance.
        String signature =
                WebhookSignature.header(item.secret(), clock.instant().getEpochSecond(), body);
        try {
            return Delivery.ofHttpStatus(post(target, body, signature, item.id()), null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Delivery.retry(who + ": " + redacted(cause, item.url()));
        } catch (TimeoutException e) {
            return Delivery.retry(who + ": no answer within " + config.webhookTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Delivery.retry(who + ": interrupted");
        }
    }

    private int post(WebhookAddressPolicy.Target target, byte[] body, String signature, String deliveryId)
            throws ExecutionException, TimeoutException, InterruptedException {
        long timeout = config.webhookTimeout().toMillis();
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(
                        target.port(), target.address().getHostAddress()))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.https())
                // A redirect could point anywhere, past the check.
                .setFollowRedirects(false)
                .setURI(target.pathAndQuery())
                .setConnectTimeout(timeout)
                .setTimeout(timeout)
                .putHeader("Content-Type", "application/json")
                .putHeader(WebhookSignature.HEADER, signature)
                .putHeader(WebhookSignature.DELIVERY_HEADER, deliveryId);
        return http.request(request)
                .compose(sent -> sent.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(ignored -> response.statusCode()))
                .toCompletionStage()
                .toCompletableFuture()
                // The client's own timeouts answer first; this bounds the wait if one does not fire.
                .get(2 * timeout + 1000, TimeUnit.MILLISECONDS);
    }

    /**
     * The exception's type and message with every part of the URL that could carry a secret (the
     * whole URL, host, path, query and each query value, user info, fragment) cut out: a client's
     * message often quotes the request line or the host.
     */
    static String redacted(Throwable error, String url) {
        String text = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        List<String> parts = new ArrayList<>();
        parts.add(url);
        try {
            URI uri = new URI(url);
            parts.add(uri.getHost());
            parts.add(uri.getRawAuthority());
            parts.add(uri.getRawUserInfo());
            parts.add(uri.getRawQuery());
            parts.add(uri.getQuery());
            parts.add(uri.getRawFragment());
            if (uri.getRawPath() != null && uri.getRawPath().length() > 1) {
                parts.add(uri.getRawPath());
                parts.add(uri.getPath());
            }
            if (uri.getRawQuery() != null) {
                for (String pair : uri.getRawQuery().split("&")) {
                    String value = pair.substring(pair.indexOf('=') + 1);
                    if (value.length() >= 4) {
                        parts.add(value);
                        parts.add(java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            // Only the whole URL is known to be in the text then; it is cut out below.
        }
        parts.removeIf(p -> p == null || p.length() < 2);
        parts.sort(Comparator.comparingInt(String::length).reversed());
        for (String part : parts) {
            text = text.replace(part, "[redacted]");
        }
        return text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) + "…" : text;
    }

    @Override
    public byte[] describe(OutboxItem item) {
        try {
            return body(item);
        } catch (JsonProcessingException e) {
            return new byte[0];
        }
    }

    private byte[] body(OutboxItem item) throws JsonProcessingException {
        return json.writeValueAsBytes(
                AlertPayloads.json(item.alert(), config.pageBaseUrl(), config.webhookIncludeAccession()));
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
