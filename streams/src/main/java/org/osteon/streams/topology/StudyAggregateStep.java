package org.osteon.streams.topology;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.osteon.events.TriageDecision;
import org.osteon.schemas.serde.InvalidRecordException;
import org.osteon.schemas.topic.Topics;
import org.osteon.streams.gate.StudyAggregation;

/**
 * {@code triage-decision-v1} (per image) → {@code triage-study-decision-v1} (per study), re-issued
 * each time an image of the study is decided. The image decisions of each study live in a state store
 * (changelogged, exactly-once like the rest of the topology), keyed {@code studyKey/instanceKey} so a
 * re-sent image replaces its earlier decision; studies older than the retention are dropped.
 */
public final class StudyAggregateStep {

    static final String STAGE = "study-aggregate";
    static final String SOURCE = "study-aggregate-triage-decision";
    static final String PROCESSOR = "study-aggregate";
    static final String STORE = "study-image-decisions";
    static final String SINK = "triage-study-decision";
    static final String DEAD_LETTER_SINK = "study-aggregate-dead-letter";

    private final Clock clock;
    private final Duration retention;

    /** @param retention how long after its last image a study's image decisions are kept */
    public StudyAggregateStep(Clock clock, Duration retention) {
        if (retention.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("study retention must be at least a minute, got " + retention);
        }
        this.clock = clock;
        this.retention = retention;
    }

    void addTo(Topology topology) {
        String source = Wiring.rawSource(topology, SOURCE, Topics.TRIAGE_DECISION);
        topology.addProcessor(PROCESSOR, AggregateProcessor::new, source);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                Serdes.String(), Serdes.ByteArray()), PROCESSOR);
        Wiring.sink(topology, SINK, Topics.TRIAGE_STUDY_DECISION, PROCESSOR);
        Wiring.sink(topology, DEAD_LETTER_SINK, Topics.DEAD_LETTER, PROCESSOR);
    }

    private final class AggregateProcessor implements Processor<String, byte[], String, SpecificRecord> {

        private ProcessorContext<String, SpecificRecord> context;
        private KeyValueStore<String, byte[]> store;

        @Override
        public void init(ProcessorContext<String, SpecificRecord> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
            // Sweeping once per tenth of the retention bounds the store to about 1.1 retention periods.
            Duration every = retention.dividedBy(10).compareTo(Duration.ofMinutes(1)) < 0
                    ? Duration.ofMinutes(1) : retention.dividedBy(10);
            context.schedule(every, PunctuationType.WALL_CLOCK_TIME, ignored -> expire());
        }

        @Override
        public void process(Record<String, byte[]> record) {
            TriageDecision image;
            try {
                image = record.value() == null ? null : decode(record.value());
            } catch (InvalidRecordException e) {
                deadLetter(record, "UNDECODABLE_RECORD", e.getMessage());
                return;
            }
            if (image == null) {
                deadLetter(record, "UNDECODABLE_RECORD", "empty record");
                return;
            }
            String study = image.getStudyKey();
            store.put(study + "/" + image.getInstanceKey(), record.value());
            List<TriageDecision> images = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = store.prefixScan(study + "/", new StringSerializer())) {
                while (it.hasNext()) {
                    images.add(decode(it.next().value));
                }
            }
            context.forward(record.withKey(study)
                    .withValue(StudyAggregation.aggregate(images, image, clock.instant())), SINK);
        }

        private void expire() {
            Instant cutoff = clock.instant().minus(retention);
            List<String> expired = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = store.all()) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> entry = it.next();
                    if (decode(entry.value).getDecidedAt().isBefore(cutoff)) {
                        expired.add(entry.key);
                    }
                }
            }
            expired.forEach(store::delete);
        }

        private TriageDecision decode(byte[] bytes) {
            return Topics.TRIAGE_DECISION.valueSerde().deserializer().deserialize(Topics.TRIAGE_DECISION.name(), bytes);
        }

        private void deadLetter(Record<String, byte[]> record, String errorType, String reason) {
            context.forward(record.withValue((SpecificRecord) DeadLetters.of(context, STAGE, errorType, reason,
                    null, record.value(), clock.instant())), DEAD_LETTER_SINK);
        }
    }
}
