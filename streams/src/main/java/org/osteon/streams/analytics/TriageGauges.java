package org.osteon.streams.analytics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osteon.events.TriageMetrics;

/**
 * The latest closed window of each site and model as Micrometer gauges, which Quarkus serves as
 * Prometheus text on {@code /q/metrics}. An undefined value (no decision, no feedback, reference not
 * complete) is NaN, so a dashboard shows a gap rather than a false zero.
 *
 * <p>Each instance of the streams app only knows the series of the partitions it owns; Prometheus
 * scrapes every pod, and a series moves with its partition on a rebalance. The names below are the
 * contract with helm/osteon/dashboards/osteon-triage.json (the chart's test checks it).
 */
@Singleton
public class TriageGauges {

    public static final String PSI = "osteon.triage.psi";
    public static final String PSI_DRIFT_THRESHOLD = "osteon.triage.psi.drift.threshold";
    public static final String ESCALATION_RATE = "osteon.triage.escalation.rate";
    public static final String REVIEW_RATE = "osteon.triage.review.rate";
    public static final String PPV = "osteon.triage.ppv";
    public static final String SENSITIVITY = "osteon.triage.sensitivity";
    public static final String RECEIPT_TO_WORKLIST = "osteon.triage.receipt.to.worklist.seconds";
    public static final String WINDOW_DECISIONS = "osteon.triage.window.decisions";
    public static final String WINDOW_END = "osteon.triage.window.end.seconds";
    public static final String SKIPPED = "osteon.analytics.skipped";

    /** Prometheus names, as the registry renders the names above; the dashboard queries these. */
    public static final List<String> PROMETHEUS_NAMES = List.of(
            "osteon_triage_psi",
            "osteon_triage_psi_drift_threshold",
            "osteon_triage_escalation_rate",
            "osteon_triage_review_rate",
            "osteon_triage_ppv",
            "osteon_triage_sensitivity",
            "osteon_triage_receipt_to_worklist_seconds",
            "osteon_triage_window_decisions",
            "osteon_triage_window_end_seconds");

    /** Prometheus name of the {@link #SKIPPED} counter. */
    public static final String SKIPPED_PROMETHEUS_NAME = "osteon_analytics_skipped_total";

    private final MeterRegistry registry;
    /** Strong references: Micrometer holds a gauge's object weakly. */
    private final Map<String, Value> values = new ConcurrentHashMap<>();

    @Inject
    public TriageGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Sets every gauge of the record's site and model to the record's values. */
    public void publish(TriageMetrics m) {
        Tags series = Tags.of("site", m.getSite(), "model", m.getModelVersion());
        set(PSI, series, m.getPsi());
        set(PSI_DRIFT_THRESHOLD, series, m.getPsiDriftThreshold());
        set(ESCALATION_RATE, series, m.getEscalationRate());
        set(REVIEW_RATE, series, m.getReviewRate());
        set(PPV, series.and("scope", "window"), m.getPpv());
        set(PPV, series.and("scope", "cumulative"), m.getCumulativePpv());
        set(SENSITIVITY, series.and("scope", "window"), m.getSensitivity());
        set(SENSITIVITY, series.and("scope", "cumulative"), m.getCumulativeSensitivity());
        set(RECEIPT_TO_WORKLIST, series.and("percentile", "50"), seconds(m.getReceiptToWorklistP50Millis()));
        set(RECEIPT_TO_WORKLIST, series.and("percentile", "90"), seconds(m.getReceiptToWorklistP90Millis()));
        set(RECEIPT_TO_WORKLIST, series.and("percentile", "99"), seconds(m.getReceiptToWorklistP99Millis()));
        set(WINDOW_DECISIONS, series, (double) m.getDecisions());
        set(WINDOW_END, series, m.getWindowEnd().toEpochMilli() / 1000.0);
    }

    /** Counts an input record the analytics could not use, by topic and reason (undecodable, late, unknown-decision). */
    public void skipped(String topic, String reason) {
        Counter.builder(SKIPPED)
                .description("Input records the analytics job skipped")
                .tags("topic", topic, "reason", reason)
                .register(registry)
                .increment();
    }

    private void set(String name, Tags tags, Double value) {
        values.computeIfAbsent(name + tags, k -> {
                            Value holder = new Value();
                            Gauge.builder(name, holder, h -> h.value)
                                    .tags(tags)
                                    .description("Osteon triage analytics, latest closed window (NOT FOR CLINICAL USE)")
                                    .register(registry);
                            return holder;
                        })
                        .value =
                value == null ? Double.NaN : value;
    }

    private static Double seconds(Long millis) {
        return millis == null ? null : millis / 1000.0;
    }

    private static final class Value {
        volatile double value = Double.NaN;
    }
}
