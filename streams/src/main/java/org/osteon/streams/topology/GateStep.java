package org.osteon.streams.topology;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.osteon.events.RadiographDeidentified;
import org.osteon.events.RadiographScored;
import org.osteon.platform.trace.Stage;
import org.osteon.platform.trace.StudyTracer;
import org.osteon.schemas.serde.InvalidRecordException;
import org.osteon.schemas.topic.Topic;
import org.osteon.schemas.topic.Topics;
import org.osteon.streams.gate.GatePolicy;

/**
 * Research zone: ineligible de-identified objects and scored radiographs → {@code triage-decision-v1}.
 * Undecodable input goes to {@code dead-letter-v1}, outside the PHI zone, since these topics hold none.
 */
public final class GateStep {

    static final String STAGE = "gate";
    static final String DEIDENTIFIED_SOURCE = "gate-radiograph-deidentified";
    static final String SCORED_SOURCE = "gate-radiograph-scored";
    static final String NOT_SCORED = "gate-not-scored";
    static final String SCORED = "gate-scored";
    static final String SINK = "triage-decision";
    static final String DEAD_LETTER_SINK = "gate-dead-letter";

    private final Clock clock;
    private final StudyTracer tracer;

    public GateStep(Clock clock, StudyTracer tracer) {
        this.clock = clock;
        this.tracer = tracer;
    }

    void addTo(Topology topology) {
        String deidentified = Wiring.rawSource(topology, DEIDENTIFIED_SOURCE, Topics.RADIOGRAPH_DEIDENTIFIED);
        String scored = Wiring.rawSource(topology, SCORED_SOURCE, Topics.RADIOGRAPH_SCORED);
        topology.addProcessor(
                NOT_SCORED,
                () -> new GateProcessor<>(Topics.RADIOGRAPH_DEIDENTIFIED) {
                    @Override
                    SpecificRecord decide(RadiographDeidentified object) {
                        return object.getEligible() ? null : GatePolicy.notScored(object, clock.instant());
                    }
                },
                deidentified);
        topology.addProcessor(
                SCORED,
                () -> new GateProcessor<>(Topics.RADIOGRAPH_SCORED) {
                    @Override
                    SpecificRecord decide(RadiographScored scored) {
                        return GatePolicy.decide(scored, clock.instant());
                    }
                },
                scored);
        Wiring.sink(topology, SINK, Topics.TRIAGE_DECISION, NOT_SCORED, SCORED);
        Wiring.sink(topology, DEAD_LETTER_SINK, Topics.DEAD_LETTER, NOT_SCORED, SCORED);
    }

    /** Decodes one input type and forwards the decision, or a dead letter, keyed like the input. */
    private abstract class GateProcessor<V> implements Processor<String, byte[], String, SpecificRecord> {

        private final Topic<String, V> input;
        private ProcessorContext<String, SpecificRecord> context;

        GateProcessor(Topic<String, V> input) {
            this.input = input;
        }

        /** The decision, or null when this input needs none. */
        abstract SpecificRecord decide(V value);

        @Override
        public void init(ProcessorContext<String, SpecificRecord> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, byte[]> record) {
            long start = StudyTracer.now();
            V value;
            try {
                value = record.value() == null
                        ? null
                        : input.valueSerde().deserializer().deserialize(input.name(), record.value());
            } catch (InvalidRecordException e) {
                deadLetter(record, "UNDECODABLE_RECORD", e.getMessage());
                return;
            }
            if (value == null) {
                deadLetter(record, "UNDECODABLE_RECORD", "empty record");
                return;
            }
            SpecificRecord decision;
            try {
                decision = decide(value);
            } catch (RuntimeException e) {
                deadLetter(record, "GATE_FAILED", e.toString());
                return;
            }
            if (decision != null) {
                // Traced only when it decides: an eligible image's de-identified record goes on to scoring.
                Context upstream = tracer.consumed(Stage.GATE_QUEUE, record.headers(), start);
                Span span = tracer.start(Stage.GATE, upstream, start);
                Headers headers = new RecordHeaders(record.headers().toArray());
                tracer.handOff(span, headers);
                context.forward(record.withValue(decision).withHeaders(headers), SINK);
            }
        }

        private void deadLetter(Record<String, byte[]> record, String errorType, String reason) {
            context.forward(
                    record.withValue((SpecificRecord)
                            DeadLetters.of(context, STAGE, errorType, reason, null, record.value(), clock.instant())),
                    DEAD_LETTER_SINK);
        }
    }
}
