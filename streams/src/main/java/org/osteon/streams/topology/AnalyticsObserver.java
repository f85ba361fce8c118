package org.osteon.streams.topology;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.osteon.events.RadiographScored;
import org.osteon.events.TriageDecision;
import org.osteon.events.TriageFeedback;
import org.osteon.events.WorklistPriorityChanged;
import org.osteon.schemas.serde.InvalidRecordException;
import org.osteon.schemas.topic.Topics;
import org.osteon.streams.analytics.SeriesKey;
import org.osteon.streams.analytics.TriageGauges;

/**
 * First half of {@link AnalyticsStep}, on the study partitions: re-keys each input record to its series
 * ({@code site|modelVersion}) and passes its bytes on unchanged, with its topic in a header.
 *
 * <p>Worklist outcomes name no site, so the site of each study is remembered from its image decisions
 * (and feedback) in a store swept after the study retention; an outcome whose study is unknown here
 * counts under site "unknown". Undecodable records are skipped and counted: the gate dead-letters the
 * undecodable scores it reads, the worklist adapter the undecodable decisions, and feedback and
 * outcomes come from Osteon's own worklist adapter through the same serdes.
 */
final class AnalyticsObserver implements Processor<String, byte[], String, byte[]> {

    private final TriageGauges gauges;
    private final Duration retention;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, String> studySites;

    AnalyticsObserver(TriageGauges gauges, Duration retention) {
        this.gauges = gauges;
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.studySites = context.getStateStore(AnalyticsStep.STUDY_SITES);
        Duration every = retention.dividedBy(10).compareTo(Duration.ofMinutes(1)) < 0
                ? Duration.ofMinutes(1)
                : retention.dividedBy(10);
        context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
        if (record.value() == null) {
            gauges.skipped(topic, "empty");
            return;
        }
        SeriesKey series;
        try {
            series = series(topic, record.value());
        } catch (InvalidRecordException e) {
            gauges.skipped(topic, "undecodable");
            return;
        }
        if (series == null) {
            gauges.skipped(topic, "unknown-topic");
            return;
        }
        Record<String, byte[]> out = record.withKey(series.encoded());
        out.headers()
                .remove(AnalyticsStep.SOURCE_TOPIC_HEADER)
                .add(AnalyticsStep.SOURCE_TOPIC_HEADER, topic.getBytes(StandardCharsets.UTF_8));
        context.forward(out);
    }

    private SeriesKey series(String topic, byte[] bytes) {
        if (topic.equals(Topics.RADIOGRAPH_SCORED.name())) {
            RadiographScored s = decode(Topics.RADIOGRAPH_SCORED.valueSerde(), topic, bytes);
            return new SeriesKey(s.getSite(), s.getModelVersion());
        }
        if (topic.equals(Topics.TRIAGE_DECISION.name())) {
            TriageDecision d = decode(Topics.TRIAGE_DECISION.valueSerde(), topic, bytes);
            remember(d.getStudyKey(), d.getSite(), d.getDecidedAt().toEpochMilli());
            return new SeriesKey(d.getSite(), d.getModelVersion());
        }
        if (topic.equals(Topics.TRIAGE_FEEDBACK.name())) {
            TriageFeedback f = decode(Topics.TRIAGE_FEEDBACK.valueSerde(), topic, bytes);
            String site = f.getSite() != null ? f.getSite() : siteOf(f.getStudyKey());
            return new SeriesKey(site, f.getModelVersion());
        }
        if (topic.equals(Topics.WORKLIST_PRIORITY_CHANGED.name())) {
            WorklistPriorityChanged w = decode(Topics.WORKLIST_PRIORITY_CHANGED.valueSerde(), topic, bytes);
            return new SeriesKey(siteOf(w.getStudyKey()), w.getModelVersion());
        }
        return null;
    }

    private static <V> V decode(org.apache.kafka.common.serialization.Serde<V> serde, String topic, byte[] bytes) {
        return serde.deserializer().deserialize(topic, bytes);
    }

    /** Stored as {@code decidedAtMillis|site} so the sweep can age entries without decoding anything else. */
    private void remember(String studyKey, String site, long decidedAt) {
        if (site != null) {
            studySites.put(studyKey, decidedAt + "|" + site);
        }
    }

    private String siteOf(String studyKey) {
        String entry = studySites.get(studyKey);
        return entry == null ? null : entry.substring(entry.indexOf('|') + 1);
    }

    private void expire(long now) {
        long cutoff = now - retention.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, String> it = studySites.all()) {
            while (it.hasNext()) {
                KeyValue<String, String> entry = it.next();
                if (Long.parseLong(entry.value.substring(0, entry.value.indexOf('|'))) < cutoff) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(studySites::delete);
    }
}
