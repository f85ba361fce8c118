package org.osteon.worklist.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osteon.worklist.config.OsteonConfig;
import org.osteon.worklist.peers.RecordingHttpServer;
import org.osteon.worklist.peers.RecordingHttpServer.Answer;
import org.osteon.worklist.peers.RecordingHttpServer.Request;
import org.osteon.worklist.peers.TestItems;
import org.osteon.worklist.store.OutboxItem;
import org.osteon.worklist.writeback.Delivery;

/** Signed webhooks against an in-test receiver that checks the signature as a subscriber would. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebhookTargetIT {

    record Settings(String pageBaseUrl, boolean webhookIncludeAccession, Duration webhookTimeout)
            implements OsteonConfig.Alerts {
    }

    static final String SECRET = "whsec-test-0123456789abcdef";

    private static RecordingHttpServer receiver;
    private static WebhookTarget target;

    @BeforeAll
    static void start() throws Exception {
        // The receiver verifies like a subscriber: 401 unless the signature is good and fresh.
        receiver = new RecordingHttpServer(request -> WebhookSignature.verify(SECRET,
                request.header(WebhookSignature.HEADER), request.body(), Instant.now().getEpochSecond(), 300)
                ? new Answer(204, null, null) : new Answer(401, null, null));
        target = new WebhookTarget(new Settings("https://osteon.example/", false, Duration.ofSeconds(5)),
                new ObjectMapper());
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void shouldDeliverASignedAlertWithStudyReasonScoreUncertaintyAndLink() throws Exception {
        OutboxItem item = TestItems.webhook(receiver.baseUrl() + "/hook", SECRET, "ACC-WH-1");

        Delivery delivery = target.deliver(item);

        assertThat(delivery.outcome()).isEqualTo(Delivery.Outcome.ACKNOWLEDGED);
        Request request = receiver.requests().stream()
                .filter(r -> item.id().equals(r.header(WebhookSignature.DELIVERY_HEADER))).findFirst().orElseThrow();
        assertThat(request.header(WebhookSignature.HEADER)).matches("t=\\d+,v1=[0-9a-f]{64}");
        JsonNode body = new ObjectMapper().readTree(request.body());
        String studyKey = TestItems.pseudonym("ACC-WH-1");
        assertThat(body.get("studyKey").asText()).isEqualTo(studyKey);
        assertThat(body.get("decision").asText()).isEqualTo("ESCALATE");
        assertThat(body.get("reason").asText()).contains("0.91");
        assertThat(body.get("score").asDouble()).isEqualTo(0.91);
        assertThat(body.get("uncertainty").asDouble()).isEqualTo(0.05);
        assertThat(body.get("link").asText()).isEqualTo("https://osteon.example/#study=" + studyKey);
        // External subscribers get no PHI unless configured.
        assertThat(body.has("accessionNumber")).isFalse();
        assertThat(request.bodyText()).doesNotContain("ACC-WH-1");
    }

    @Test
    void shouldBeRefusedByAReceiverWithAnotherSecret() {
        Delivery delivery = target.deliver(TestItems.webhook(receiver.baseUrl() + "/hook", SECRET + "-wrong",
                "ACC-WH-2"));

        assertThat(delivery.outcome()).isEqualTo(Delivery.Outcome.REJECTED);
        assertThat(delivery.detail()).contains("401");
    }

    @Test
    void shouldDetectATamperedBodyOrAStaleTimestamp() {
        byte[] body = "{\"a\":1}".getBytes();
        long now = Instant.now().getEpochSecond();
        String header = WebhookSignature.header(SECRET, now, body);

        assertThat(WebhookSignature.verify(SECRET, header, body, now, 300)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, header, "{\"a\":2}".getBytes(), now, 300)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, header, body, now + 301, 300)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, null, body, now, 300)).isFalse();
    }
}
