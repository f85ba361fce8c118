package org.osteon.worklist.lease;

import java.time.Duration;
import java.util.stream.Stream;
import org.osteon.worklist.config.WorklistConfig;

/**
 * The longest one write-back send may take, a connection and then an answer each up to the target's
 * timeout: the lease must outlast it before a send starts.
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
        return timeouts.max(Duration::compareTo).orElseThrow().multipliedBy(2);
    }
}
