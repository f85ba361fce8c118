package org.osteon.streams.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.osteon.events.FeedbackVerdict;
import org.osteon.events.Triage;
import org.osteon.events.TriageMetrics;

/**
 * The gauges as Prometheus renders them on /q/metrics: the names the dashboard queries, NaN for undefined.
 * Quarkus 3.33 serves /q/metrics through Micrometer's simpleclient registry, deprecated upstream but the
 * one whose rendering the dashboard sees, so it is the one used here.
 */
@SuppressWarnings("deprecation")
class TriageGaugesTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TriageGauges gauges = new TriageGauges(registry);

    private static TriageMetrics metrics(String site, int escalated, int routine) {
        WindowState w = new WindowState();
        for (int i = 0; i < escalated; i++) {
            w.addDecision(Triage.ESCALATE);
        }
        for (int i = 0; i < routine; i++) {
            w.addDecision(Triage.ROUTINE);
        }
        w.addLatency(1500);
        SeriesState s = new SeriesState();
        s.addFeedback("ESCALATE", FeedbackVerdict.CONFIRM);
        return MetricsRecords.of(
                new SeriesKey(site, "1.0.0"),
                0,
                w,
                s,
                AnalyticsSettings.DEFAULTS,
                Instant.parse("2026-01-01T00:01:10Z"));
    }

    @Test
    void shouldServeEveryMetricTheDashboardQueriesTaggedBySiteAndModel() {
        gauges.publish(metrics("site-a", 1, 3));
        String text = registry.scrape();

        for (String name : TriageGauges.PROMETHEUS_NAMES) {
            assertThat(text).as(name).containsPattern("(?m)^" + name + "\\{");
        }
        assertThat(text).contains("osteon_triage_escalation_rate{model=\"1.0.0\",site=\"site-a\",} 0.25");
        assertThat(text).contains("osteon_triage_review_rate{model=\"1.0.0\",site=\"site-a\",} 0.0");
        assertThat(text)
                .contains(
                        "osteon_triage_receipt_to_worklist_seconds{model=\"1.0.0\",percentile=\"90\",site=\"site-a\",} 1.5");
        assertThat(text).contains("osteon_triage_ppv{model=\"1.0.0\",scope=\"cumulative\",site=\"site-a\",} 1.0");
        assertThat(text)
                .as("no feedback in the window: undefined, not zero")
                .contains("osteon_triage_ppv{model=\"1.0.0\",scope=\"window\",site=\"site-a\",} NaN");
        assertThat(text).as("no reference yet").contains("osteon_triage_psi{model=\"1.0.0\",site=\"site-a\",} NaN");
    }

    @Test
    void shouldMoveAGaugeToTheLatestWindowAndKeepSitesApart() {
        gauges.publish(metrics("site-a", 1, 3));
        gauges.publish(metrics("site-b", 0, 2));
        gauges.publish(metrics("site-a", 2, 2));

        assertThat(registry.get(TriageGauges.ESCALATION_RATE)
                        .tags("site", "site-a", "model", "1.0.0")
                        .gauge()
                        .value())
                .isEqualTo(0.5);
        assertThat(registry.get(TriageGauges.ESCALATION_RATE)
                        .tags("site", "site-b")
                        .gauge()
                        .value())
                .isZero();
        assertThat(registry.find(TriageGauges.ESCALATION_RATE).gauges()).hasSize(2);
    }

    @Test
    void shouldCountSkippedRecordsByTopicAndReason() {
        gauges.skipped("triage-feedback-v1", "late");
        gauges.skipped("triage-feedback-v1", "late");
        assertThat(registry.get(TriageGauges.SKIPPED)
                        .tags("topic", "triage-feedback-v1", "reason", "late")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.scrape()).contains(TriageGauges.SKIPPED_PROMETHEUS_NAME + "{");
    }
}
