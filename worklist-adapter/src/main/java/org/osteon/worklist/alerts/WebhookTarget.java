package org.osteon.worklist.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.osteon.worklist.config.OsteonConfig;
import org.osteon.worklist.store.OutboxItem;
import org.osteon.worklist.writeback.Delivery;
import org.osteon.worklist.writeback.WritebackTarget;

/**
 * Delivers an alert to one webhook subscriber: a signed JSON POST. It rides on the write-back outbox,
 * so it gets the same retries with exponential backoff, per-study order and dead letter as the RIS.
 */
@ApplicationScoped
public class WebhookTarget implements WritebackTarget {

    private final OsteonConfig.Alerts config;
    private final ObjectMapper json;
    private final HttpClient http;
    private final Clock clock = Clock.systemUTC();

    @Inject
    WebhookTarget(OsteonConfig config, ObjectMapper json) {
        this(config.alerts(), json);
    }

    /** For tests that point the target at a test peer without the application around it. */
    WebhookTarget(OsteonConfig.Alerts config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(this.config.webhookTimeout()).build();
    }

    @Override
    public boolean handles(String target) {
        return target.startsWith(OutboxItem.WEBHOOK_PREFIX);
    }

    @Override
    public Delivery deliver(OutboxItem item) {
        if (item.url() == null) {
            return Delivery.rejected("the subscription was removed");
        }
        try {
            byte[] body = body(item);
            // Signed at each attempt: a retry hours later still falls inside the receiver's tolerance.
            String signature = WebhookSignature.header(item.secret(), clock.instant().getEpochSecond(), body);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(item.url()))
                    .timeout(config.webhookTimeout())
                    .header("Content-Type", "application/json")
                    .header(WebhookSignature.HEADER, signature)
                    .header(WebhookSignature.DELIVERY_HEADER, item.id())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            return Delivery.ofHttpStatus(response.statusCode(), null);
        } catch (IOException | IllegalArgumentException e) {
            return Delivery.retry("webhook " + item.url() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Delivery.retry("interrupted");
        }
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
        return json.writeValueAsBytes(AlertPayloads.json(item.alert(), config.pageBaseUrl(),
                config.webhookIncludeAccession()));
    }
}
