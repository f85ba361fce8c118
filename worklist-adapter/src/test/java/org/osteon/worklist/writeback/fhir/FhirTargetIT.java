package org.osteon.worklist.writeback.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osteon.events.WorklistPriority;
import org.osteon.worklist.config.WorklistConfig;
import org.osteon.worklist.peers.RecordingHttpServer;
import org.osteon.worklist.peers.RecordingHttpServer.Answer;
import org.osteon.worklist.peers.RecordingHttpServer.Request;
import org.osteon.worklist.peers.TestItems;
import org.osteon.worklist.store.OutboxItem;
import org.osteon.worklist.writeback.Delivery;

/** The FHIR adapter (HAPI FHIR client) against an in-test FHIR endpoint that records what it receives. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FhirTargetIT {

    record Settings(boolean enabled, Optional<String> baseUrl, String identifierSystem, Duration timeout)
            implements WorklistConfig.Fhir {}

    static final String UPDATED = """
            {"resourceType":"ServiceRequest","id":"sr-1","status":"active","intent":"order","priority":"urgent",
             "subject":{"reference":"Patient/p-1"}}""";

    private static RecordingHttpServer fhir;
    private static FhirTarget target;

    @BeforeAll
    static void start() throws Exception {
        fhir = new RecordingHttpServer(FhirTargetIT::answer);
        target = new FhirTarget(
                new Settings(true, Optional.of(fhir.baseUrl() + "/fhir"), "urn:test:accession", Duration.ofSeconds(5)));
    }

    /** 200 for ServiceRequests the endpoint knows; 404 for the accession REJECT, 503 for DOWN. */
    static Answer answer(Request request) {
        String uri = URLDecoder.decode(request.uri(), StandardCharsets.UTF_8);
        if (uri.contains("REJECT")) {
            return new Answer(404, "application/fhir+json", "{\"resourceType\":\"OperationOutcome\"}");
        }
        if (uri.contains("DOWN")) {
            return new Answer(503, "text/plain", "maintenance");
        }
        return new Answer(200, "application/fhir+json", UPDATED);
    }

    @AfterAll
    static void stop() {
        fhir.close();
    }

    @Test
    void shouldPatchServiceRequestPriorityFoundByAccession() {
        OutboxItem item = TestItems.priority("fhir", WorklistPriority.URGENT, "ACC-FHIR-1");

        Delivery delivery = target.deliver(item);

        assertThat(delivery.outcome()).isEqualTo(Delivery.Outcome.ACKNOWLEDGED);
        Request request = fhir.requests().stream()
                .filter(r -> URLDecoder.decode(r.uri(), StandardCharsets.UTF_8).contains("ACC-FHIR-1"))
                .findFirst()
                .orElseThrow();
        assertThat(request.method()).isEqualTo("PATCH");
        assertThat(URLDecoder.decode(request.uri(), StandardCharsets.UTF_8))
                .isEqualTo("/fhir/ServiceRequest?identifier=urn:test:accession|ACC-FHIR-1");
        assertThat(request.header("Content-Type")).startsWith("application/fhir+json");
        assertThat(request.header("X-Request-ID")).isEqualTo(item.id());
        assertThat(request.bodyText())
                .contains("\"resourceType\":\"Parameters\"")
                .contains("\"valueCode\":\"replace\"")
                .contains("\"valueString\":\"ServiceRequest.priority\"")
                .contains("\"valueCode\":\"urgent\"");
    }

    @Test
    void shouldRetryAServerErrorAndRejectAnUnknownOrder() {
        assertThat(target.deliver(TestItems.priority("fhir", WorklistPriority.STAT, "ACC-DOWN"))
                        .outcome())
                .isEqualTo(Delivery.Outcome.RETRY);
        assertThat(target.deliver(TestItems.priority("fhir", WorklistPriority.STAT, "ACC-REJECT"))
                        .outcome())
                .isEqualTo(Delivery.Outcome.REJECTED);
    }

    @Test
    void shouldMapPrioritiesToFhirRequestPriorityCodes() {
        assertThat(PriorityPatch.code(WorklistPriority.STAT)).isEqualTo("stat");
        assertThat(PriorityPatch.code(WorklistPriority.URGENT)).isEqualTo("urgent");
        assertThat(PriorityPatch.code(WorklistPriority.ROUTINE)).isEqualTo("routine");
    }
}
