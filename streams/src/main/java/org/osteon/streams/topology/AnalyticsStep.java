package org.osteon.streams.topology;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.osteon.schemas.topic.Topic;
import org.osteon.schemas.topic.Topics;
import org.osteon.streams.analytics.AnalyticsSettings;
import org.osteon.streams.analytics.TriageGauges;

/**
 * Analytics: scores, image decisions, readers' feedback and worklist outcomes → {@code triage-metrics-v1}
 * (one record per site, model and closed tumbling window) and Prometheus gauges.
 *
 * <p>The inputs are keyed by study, the metrics by site and model, so the job has two halves joined by
 * a repartition topic (internal to Kafka Streams, named after the application id, exactly-once like the
 * rest). The first half, {@link AnalyticsObserver}, runs on the study partitions: it remembers each
 * study's site from its decisions (worklist outcomes carry none; both topics are keyed by study and
 * co-partitioned, so the lookup is local) and re-keys every record to {@code site|modelVersion}. The
 * second half, {@link AnalyticsAggregator}, owns each series in one task: its open windows and its
 * PSI reference and cumulative feedback live in state stores there. A re-key through the DSL's
 * {@code repartition()} is used rather than a topic of our own because only the DSL can declare an
 * internal topic; this is why the job is built on a {@link StreamsBuilder} and the other steps attach
 * to its source nodes for the topics they share (see {@link Wiring#rawSource}).
 *
 * <p>Windows are closed by wall-clock punctuation, once their end plus the grace has passed, and each is
 * issued once: a dashboard and a compacted topic then see final values, not a stream of partial ones.
 */
public final class AnalyticsStep {

    static final String SCORED_SOURCE = "analytics-radiograph-scored";
    static final String DECISION_SOURCE = "analytics-triage-decision";
    static final String FEEDBACK_SOURCE = "analytics-triage-feedback";
    static final String WORKLIST_SOURCE = "analytics-worklist-priority-changed";
    static final String OBSERVE = "analytics-observe";
    static final String BY_SERIES = "analytics-by-series";
    static final String AGGREGATE = "analytics-aggregate";
    static final String SINK = "triage-metrics";
    static final String STUDY_SITES = "analytics-study-sites";
    static final String WINDOWS = "analytics-windows";
    static final String SERIES = "analytics-series";

    /** Header carrying the input topic of a record across the repartition topic. */
    static final String SOURCE_TOPIC_HEADER = "osteon-analytics-source";

    private final AnalyticsSettings settings;
    private final TriageGauges gauges;
    private final Duration studyRetention;

    /** @param studyRetention how long a study's site is remembered for its worklist outcomes */
    public AnalyticsStep(AnalyticsSettings settings, TriageGauges gauges, Duration studyRetention) {
        this.settings = settings;
        this.gauges = gauges;
        this.studyRetention = studyRetention;
    }

    void addTo(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STUDY_SITES), Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(WINDOWS), Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SERIES), Serdes.String(), Serdes.ByteArray()));

        KStream<String, byte[]> inputs = raw(builder, SCORED_SOURCE, Topics.RADIOGRAPH_SCORED)
                .merge(raw(builder, DECISION_SOURCE, Topics.TRIAGE_DECISION), Named.as("analytics-merge-decisions"))
                .merge(raw(builder, FEEDBACK_SOURCE, Topics.TRIAGE_FEEDBACK), Named.as("analytics-merge-feedback"))
                .merge(
                        raw(builder, WORKLIST_SOURCE, Topics.WORKLIST_PRIORITY_CHANGED),
                        Named.as("analytics-merge-worklist"));
        inputs.process(() -> new AnalyticsObserver(gauges, studyRetention), Named.as(OBSERVE), STUDY_SITES)
                .repartition(Repartitioned.<String, byte[]>as(BY_SERIES)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(Serdes.ByteArray()))
                .process(() -> new AnalyticsAggregator(settings, gauges), Named.as(AGGREGATE), WINDOWS, SERIES)
                .to(
                        Topics.TRIAGE_METRICS.name(),
                        Produced.with(Topics.TRIAGE_METRICS.keySerde(), Topics.TRIAGE_METRICS.valueSerde())
                                .withName(SINK));
    }

    /** Raw bytes, like every other step's sources, so a source node here can serve them too. */
    private static KStream<String, byte[]> raw(StreamsBuilder builder, String name, Topic<String, ?> topic) {
        return builder.stream(
                topic.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(name));
    }
}
