package org.osteon.worklist.lease;

import java.time.Duration;
import java.util.stream.Stream;
import org.osteon.worklist.config.WorklistConfig;

/**
 * The longest one write-back send may take: four times the longest target timeout, for a UPS-RS
 * update (a search, then the update, each a connection and an answer) and a webhook (bounded at
 * twice its timeout and a second). The lease must outlast it before a send starts.
 */
final class SendMargin {

    private SendMargin() {}

    static Duration of(WorklistConfig config) {
        WorklistConfig.Writeback writeback = config.writeback();
        // Webhooks are always possible: subscriptions are added at run time.
        Stream<Duration> timeouts = Stream.of(
                writeback.hl7().enabled() ? writeback.hl7().timeout() : Duration.ZERO,
                writeback.fhir().enabled() ? writeback.fhir().timeout() : Duration.ZERO,
                writeback.ups().enabled() ? writeback.ups().timeout() : Duration.ZERO,
                config.alerts().webhookTimeout());
        return timeouts.max(Duration::compareTo).orElseThrow().multipliedBy(4);
    }
}
