package org.osteon.worklist.writeback.ups;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.osteon.worklist.writeback.Delivery;

/** The UPS-RS adapter against an in-test UPS-RS endpoint that records what it receives. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UpsTargetIT {

    record Settings(boolean enabled, Optional<String> baseUrl, Duration timeout) implements WorklistConfig.Ups {}

    static final String WORKITEM_UID = "1.2.826.0.1.3680043.9.777.1";

    private static RecordingHttpServer pacs;
    private static UpsTarget target;

    @BeforeAll
    static void start() throws Exception {
        pacs = new RecordingHttpServer(UpsTargetIT::answer);
        target = new UpsTarget(
                new Settings(true, Optional.of(pacs.baseUrl() + "/dicom-web/"), Duration.ofSeconds(5)),
                new ObjectMapper());
    }

    /** Knows one workitem, for accession ACC-UPS-1; answers 204 (no match) for any other search. */
    static Answer answer(Request request) {
        if (request.method().equals("GET")) {
            return request.uri().contains("AccessionNumber=ACC-UPS-1")
                    ? new Answer(
                            200,
                            "application/dicom+json",
                            "[{\"00080018\":{\"vr\":\"UI\",\"Value\":[\"" + WORKITEM_UID + "\"]},"
                                    + "\"00741200\":{\"vr\":\"CS\",\"Value\":[\"MEDIUM\"]}}]")
                    : new Answer(204, null, null);
        }
        return new Answer(200, null, null);
    }

    @AfterAll
    static void stop() {
        pacs.close();
    }

    @Test
    void shouldUpdateTheScheduledProcedureStepPriorityOfTheWorkitem() {
        Delivery delivery = target.deliver(TestItems.priority("ups", WorklistPriority.URGENT, "ACC-UPS-1"));

        assertThat(delivery.outcome()).isEqualTo(Delivery.Outcome.ACKNOWLEDGED);
        Request update = pacs.requests().stream()
                .filter(r -> r.method().equals("POST"))
                .findFirst()
                .orElseThrow();
        assertThat(update.uri()).isEqualTo("/dicom-web/workitems/" + WORKITEM_UID);
        assertThat(update.header("Content-Type")).isEqualTo("application/dicom+json");
        assertThat(update.bodyText()).isEqualTo("{\"00741200\":{\"vr\":\"CS\",\"Value\":[\"HIGH\"]}}");
    }

    @Test
    void shouldRetryWhileNoWorkitemExistsForTheAccession() {
        assertThat(target.deliver(TestItems.priority("ups", WorklistPriority.STAT, "ACC-UPS-NONE"))
                        .outcome())
                .isEqualTo(Delivery.Outcome.RETRY);
    }
}
