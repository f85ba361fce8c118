package org.osteon.worklist.writeback.ups;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.osteon.events.WorklistPriority;
import org.osteon.worklist.config.WorklistConfig;
import org.osteon.worklist.store.Outbox;
import org.osteon.worklist.store.OutboxItem;
import org.osteon.worklist.writeback.Delivery;
import org.osteon.worklist.writeback.WritebackTarget;

/**
 * DICOM UPS-RS write-back (PS3.18 §11.6): find the workitem by accession number (Search, GET
 * /workitems?AccessionNumber=), then Update Workitem (POST /workitems/{uid}) with Scheduled Procedure
 * Step Priority (0074,1200) in DICOM JSON.
 */
@ApplicationScoped
public class UpsTarget implements WritebackTarget {

    static final String DICOM_JSON = "application/dicom+json";

    private final WorklistConfig.Ups config;
    private final ObjectMapper json;
    private final HttpClient http;

    @Inject
    UpsTarget(WorklistConfig config, ObjectMapper json) {
        this(config.writeback().ups(), json);
    }

    /** For tests that point the target at a test peer without the application around it. */
    UpsTarget(WorklistConfig.Ups config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.http =
                HttpClient.newBuilder().connectTimeout(this.config.timeout()).build();
    }

    /** (0074,1200) is HIGH, MEDIUM or LOW; UPS has no level above HIGH, so STAT and URGENT share it. */
    public static String upsPriority(WorklistPriority priority) {
        return switch (priority) {
            case STAT, URGENT -> "HIGH";
            case ROUTINE -> "MEDIUM";
        };
    }

    /** The Update Workitem body: only the attribute that changes. */
    public static String updateBody(WorklistPriority priority) {
        return "{\"00741200\":{\"vr\":\"CS\",\"Value\":[\"" + upsPriority(priority) + "\"]}}";
    }

    @Override
    public boolean handles(String target) {
        return Outbox.UPS.equals(target);
    }

    @Override
    public void checkConfiguration() {
        WritebackTarget.requireAddress(
                config.enabled(), config.baseUrl(), "osteon.writeback.ups.enabled", "osteon.writeback.ups.base-url");
    }

    @Override
    public Delivery deliver(OutboxItem item) {
        String base = config.baseUrl().orElseThrow().replaceAll("/+$", "");
        try {
            HttpResponse<String> search = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/workitems?AccessionNumber="
                                    + URLEncoder.encode(item.accessionNumber(), StandardCharsets.UTF_8)))
                            .timeout(config.timeout())
                            .header("Accept", DICOM_JSON)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (search.statusCode() == 204) {
                // The PACS may not have scheduled the workitem yet.
                return Delivery.retry("no UPS workitem for the accession number yet");
            }
            if (search.statusCode() != 200) {
                return Delivery.ofHttpStatus(search.statusCode(), "search: " + search.body());
            }
            JsonNode found = json.readTree(search.body());
            JsonNode uid = found.path(0).path("00080018").path("Value").path(0);
            if (uid.isMissingNode()) {
                return Delivery.retry("no UPS workitem for the accession number yet");
            }
            HttpResponse<String> update = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    base + "/workitems/" + URLEncoder.encode(uid.asText(), StandardCharsets.UTF_8)))
                            .timeout(config.timeout())
                            .header("Content-Type", DICOM_JSON)
                            .header("X-Request-ID", item.id())
                            .POST(HttpRequest.BodyPublishers.ofString(updateBody(item.priority())))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return Delivery.ofHttpStatus(update.statusCode(), "workitem " + uid.asText());
        } catch (IOException e) {
            return Delivery.retry("UPS-RS " + base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Delivery.retry("interrupted");
        }
    }

    @Override
    public byte[] describe(OutboxItem item) {
        return ("POST /workitems/{uid of AccessionNumber " + item.accessionNumber() + "}\n"
                        + updateBody(item.priority()))
                .getBytes(StandardCharsets.UTF_8);
    }
}
