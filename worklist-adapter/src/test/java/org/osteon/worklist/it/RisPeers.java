package org.osteon.worklist.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.osteon.worklist.alerts.WebhookSignature;
import org.osteon.worklist.peers.Hl7Receiver;
import org.osteon.worklist.peers.RecordingHttpServer;
import org.osteon.worklist.peers.RecordingHttpServer.Answer;

/**
 * The RIS and PACS peers the adapter writes back to, started on free ports before Quarkus, with the
 * configuration that points the adapter at them: a HAPI MLLP receiver, a FHIR endpoint, a UPS-RS
 * endpoint and a webhook receiver. Static, so the test reads what they recorded.
 */
public class RisPeers implements QuarkusTestResourceLifecycleManager {

    static final String WEBHOOK_SECRET = "whsec-it-0123456789abcdef";
    /** An accession containing this fails its first two FHIR PATCHes with 503, as a RIS restarting would. */
    static final String FLAKY = "FLAKY";

    static Hl7Receiver hl7;
    static RecordingHttpServer fhir;
    static RecordingHttpServer ups;
    static RecordingHttpServer webhook;
    static int risSinkPort;
    private static final Map<String, AtomicInteger> FHIR_CALLS = new ConcurrentHashMap<>();
    private static final AtomicInteger WEBHOOK_CALLS = new AtomicInteger();

    @Override
    public Map<String, String> start() {
        try {
            hl7 = new Hl7Receiver();
            fhir = new RecordingHttpServer(request -> {
                String uri = URLDecoder.decode(request.uri(), StandardCharsets.UTF_8);
                if (uri.contains(FLAKY)
                        && FHIR_CALLS
                                        .computeIfAbsent(uri, u -> new AtomicInteger())
                                        .incrementAndGet()
                                <= 2) {
                    return new Answer(503, "text/plain", "restarting");
                }
                return new Answer(
                        200,
                        "application/fhir+json",
                        "{\"resourceType\":\"ServiceRequest\",\"id\":\"sr\","
                                + "\"status\":\"active\",\"intent\":\"order\",\"subject\":{\"reference\":\"Patient/p\"}}");
            });
            // Every accession has one workitem whose UID is derived from it.
            ups = new RecordingHttpServer(request -> request.method().equals("GET")
                    ? new Answer(
                            200,
                            "application/dicom+json",
                            "[{\"00080018\":{\"vr\":\"UI\",\"Value\":[\"1.2.3."
                                    + Math.abs(request.uri().hashCode()) + "\"]}}]")
                    : new Answer(200, null, null));
            // A subscriber that is down for its first two deliveries, then checks every signature.
            webhook = new RecordingHttpServer(request -> {
                if (WEBHOOK_CALLS.incrementAndGet() <= 2) {
                    return new Answer(500, null, null);
                }
                return WebhookSignature.verify(
                                WEBHOOK_SECRET,
                                request.header(WebhookSignature.HEADER),
                                request.body(),
                                Instant.now().getEpochSecond(),
                                300)
                        ? new Answer(204, null, null)
                        : new Answer(401, null, null);
            });
            risSinkPort = Hl7Receiver.freePort();
            return Map.ofEntries(
                    Map.entry("osteon.dev.ris-sink-enabled", "true"),
                    Map.entry("osteon.dev.ris-sink-hl7-port", Integer.toString(risSinkPort)),
                    Map.entry("osteon.writeback.hl7.enabled", "true"),
                    Map.entry("osteon.writeback.hl7.host", "127.0.0.1"),
                    Map.entry("osteon.writeback.hl7.port", Integer.toString(hl7.port())),
                    Map.entry("osteon.writeback.fhir.enabled", "true"),
                    Map.entry("osteon.writeback.fhir.base-url", fhir.baseUrl() + "/fhir"),
                    Map.entry("osteon.writeback.ups.enabled", "true"),
                    Map.entry("osteon.writeback.ups.base-url", ups.baseUrl() + "/dicom-web"),
                    Map.entry("osteon.writeback.retry-initial-backoff", "100ms"),
                    Map.entry("osteon.writeback.retry-max-backoff", "400ms"),
                    Map.entry("osteon.writeback.max-attempts", "5"),
                    Map.entry("osteon.worklist.wait-cap", "30m"),
                    Map.entry("osteon.worklist.review-deadline", "3s"),
                    Map.entry("osteon.worklist.wait-cap-sweep", "200ms"));
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("cannot start the RIS test peers", e);
        }
    }

    @Override
    public void stop() {
        try {
            if (hl7 != null) {
                hl7.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            for (RecordingHttpServer server : new RecordingHttpServer[] {fhir, ups, webhook}) {
                if (server != null) {
                    server.close();
                }
            }
        }
    }
}
