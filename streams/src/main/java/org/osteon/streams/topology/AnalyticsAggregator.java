package org.osteon.streams.topology;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.osteon.events.RadiographScored;
import org.osteon.events.TriageDecision;
import org.osteon.events.TriageFeedback;
import org.osteon.events.TriageMetrics;
import org.osteon.events.WorklistPriorityChanged;
import org.osteon.schemas.serde.InvalidRecordException;
import org.osteon.schemas.topic.Topics;
import org.osteon.streams.analytics.AnalyticsSettings;
import org.osteon.streams.analytics.Confusion;
import org.osteon.streams.analytics.MetricsRecords;
import org.osteon.streams.analytics.SeriesKey;
import org.osteon.streams.analytics.SeriesState;
import org.osteon.streams.analytics.TriageGauges;
import org.osteon.streams.analytics.WindowState;

/**
 * Second half of {@link AnalyticsStep}, on the series partitions: adds each record to its series'
 * window (store {@code analytics-windows}, key {@code site|model|windowStartMillis}) and to the
 * series' reference and cumulative counts (store {@code analytics-series}, key {@code site|model}),
 * and closes due windows into {@code triage-metrics-v1} and the gauges.
 *
 * <p>Event time places a record in its window: scoredAt, decidedAt, recordedAt or changedAt. The
 * wall clock closes windows (checked every second, the shortest window allowed), so the last window
 * of a quiet site is still issued. A record whose window has
 * already closed still counts towards the reference and cumulative feedback but not towards any window,
 * and is counted as skipped "late". State stays bounded: open windows are few per series and deleted
 * when closed; a series holds ten bins and four counts.
 */
final class AnalyticsAggregator implements Processor<String, byte[], String, TriageMetrics> {

    private static final Duration CLOSE_EVERY = Duration.ofSeconds(1);

    private final AnalyticsSettings settings;
    private final TriageGauges gauges;
    private ProcessorContext<String, TriageMetrics> context;
    private KeyValueStore<String, byte[]> windows;
    private KeyValueStore<String, byte[]> series;

    AnalyticsAggregator(AnalyticsSettings settings, TriageGauges gauges) {
        this.settings = settings;
        this.gauges = gauges;
    }

    @Override
    public void init(ProcessorContext<String, TriageMetrics> context) {
        this.context = context;
        this.windows = context.getStateStore(AnalyticsStep.WINDOWS);
        this.series = context.getStateStore(AnalyticsStep.SERIES);
        context.schedule(CLOSE_EVERY, PunctuationType.WALL_CLOCK_TIME, this::closeDue);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Header header = record.headers().lastHeader(AnalyticsStep.SOURCE_TOPIC_HEADER);
        String topic = header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
        SeriesKey key = SeriesKey.parse(record.key());
        SeriesState totals = totals(key.encoded());
        Observation observation;
        try {
            observation = observe(topic, record.value(), totals);
        } catch (InvalidRecordException e) {
            gauges.skipped(topic, "undecodable");
            return;
        }
        if (observation == null) {
            return;
        }
        series.put(key.encoded(), totals.encode());
        long windowStart = settings.windowStart(observation.eventMillis());
        if (settings.closesAt(windowStart) <= context.currentSystemTimeMs()) {
            gauges.skipped(topic, "late");
            return;
        }
        String windowKey = key.encoded() + "|" + windowStart;
        byte[] stored = windows.get(windowKey);
        WindowState window = stored == null ? new WindowState() : WindowState.decode(stored);
        observation.addTo().accept(window);
        windows.put(windowKey, window.encode());
    }

    /** What a record adds to its window, and when it happened; the series totals are updated on the way. */
    private record Observation(long eventMillis, java.util.function.Consumer<WindowState> addTo) {}

    private Observation observe(String topic, byte[] bytes, SeriesState totals) {
        if (topic.equals(Topics.RADIOGRAPH_SCORED.name())) {
            RadiographScored s =
                    Topics.RADIOGRAPH_SCORED.valueSerde().deserializer().deserialize(topic, bytes);
            totals.addScore(s.getModelName(), s.getMalignantProbability(), settings.psiBaselineSize());
            return new Observation(s.getScoredAt().toEpochMilli(), w -> w.addScore(s.getMalignantProbability()));
        }
        if (topic.equals(Topics.TRIAGE_DECISION.name())) {
            TriageDecision d =
                    Topics.TRIAGE_DECISION.valueSerde().deserializer().deserialize(topic, bytes);
            return new Observation(d.getDecidedAt().toEpochMilli(), w -> w.addDecision(d.getDecision()));
        }
        if (topic.equals(Topics.TRIAGE_FEEDBACK.name())) {
            TriageFeedback f =
                    Topics.TRIAGE_FEEDBACK.valueSerde().deserializer().deserialize(topic, bytes);
            if (!Confusion.counts(f.getAiDecision())) {
                gauges.skipped(topic, "unknown-decision");
                return null;
            }
            totals.addFeedback(f.getAiDecision(), f.getVerdict());
            return new Observation(
                    f.getRecordedAt().toEpochMilli(), w -> w.addFeedback(f.getAiDecision(), f.getVerdict()));
        }
        if (topic.equals(Topics.WORKLIST_PRIORITY_CHANGED.name())) {
            WorklistPriorityChanged c =
                    Topics.WORKLIST_PRIORITY_CHANGED.valueSerde().deserializer().deserialize(topic, bytes);
            return new Observation(c.getChangedAt().toEpochMilli(), w -> w.addLatency(c.getLatencyMillis()));
        }
        gauges.skipped(topic, "unknown-topic");
        return null;
    }

    private SeriesState totals(String seriesKey) {
        byte[] stored = series.get(seriesKey);
        return stored == null ? new SeriesState() : SeriesState.decode(stored);
    }

    /** Issues and forgets every window whose end plus grace has passed. */
    private void closeDue(long now) {
        List<KeyValue<String, byte[]>> due = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = windows.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> entry = it.next();
                if (settings.closesAt(windowStart(entry.key)) <= now) {
                    due.add(entry);
                }
            }
        }
        for (KeyValue<String, byte[]> entry : due) {
            int bar = entry.key.lastIndexOf('|');
            SeriesKey key = SeriesKey.parse(entry.key.substring(0, bar));
            long start = windowStart(entry.key);
            TriageMetrics metrics = MetricsRecords.of(
                    key,
                    start,
                    WindowState.decode(entry.value),
                    totals(key.encoded()),
                    settings,
                    Instant.ofEpochMilli(now));
            context.forward(new Record<>(MetricsRecords.key(key, start), metrics, now));
            gauges.publish(metrics);
            windows.delete(entry.key);
        }
    }

    private static long windowStart(String windowKey) {
        return Long.parseLong(windowKey.substring(windowKey.lastIndexOf('|') + 1));
    }
}
