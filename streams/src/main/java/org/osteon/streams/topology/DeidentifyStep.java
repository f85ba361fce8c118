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
import org.osteon.events.RadiographReceived;
import org.osteon.platform.trace.Stage;
import org.osteon.platform.trace.StudyTracer;
import org.osteon.schemas.serde.InvalidRecordException;
import org.osteon.schemas.topic.Topics;
import org.osteon.streams.deid.Deidentification;
import org.osteon.streams.deid.StageFailure;
import org.osteon.streams.deid.StoreUnavailableException;

/**
 * PHI zone: {@code phi-radiograph-received-v1} → de-identification → {@code radiograph-deidentified-v1}
 * keyed by study pseudonym. Values are read as bytes and decoded here, so an undecodable record
 * becomes a PHI dead letter instead of stopping the stream.
 */
public final class DeidentifyStep {

    static final String STAGE = "deidentify";
    static final String SOURCE = "phi-radiograph-received";
    static final String PROCESSOR = "deidentify";
    static final String SINK = "radiograph-deidentified";
    static final String DEAD_LETTER_SINK = "deidentify-dead-letter";
    static final String AUDIT_SINK = "deidentify-audit";

    private final Deidentification deidentification;
    private final Clock clock;
    private final StudyTracer tracer;

    public DeidentifyStep(Deidentification deidentification, Clock clock, StudyTracer tracer) {
        this.deidentification = deidentification;
        this.clock = clock;
        this.tracer = tracer;
    }

    void addTo(Topology topology) {
        String source = Wiring.rawSource(topology, SOURCE, Topics.PHI_RADIOGRAPH_RECEIVED);
        topology.addProcessor(PROCESSOR, DeidentifyProcessor::new, source);
        Wiring.sink(topology, SINK, Topics.RADIOGRAPH_DEIDENTIFIED, PROCESSOR);
        Wiring.sink(topology, DEAD_LETTER_SINK, Topics.PHI_DEAD_LETTER, PROCESSOR);
        Wiring.sink(topology, AUDIT_SINK, Topics.PHI_DEID_AUDIT, PROCESSOR);
    }

    private final class DeidentifyProcessor implements Processor<String, byte[], String, SpecificRecord> {

        private ProcessorContext<String, SpecificRecord> context;

        @Override
        public void init(ProcessorContext<String, SpecificRecord> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, byte[]> record) {
            long start = StudyTracer.now();
            Context upstream = tracer.consumed(Stage.DEID_QUEUE, record.headers(), start);
            Span span = tracer.start(Stage.DEID, upstream, start);
            try {
                deidentify(record, span);
            } finally {
                // Ended already when the record was handed on; a dead letter ends it here.
                span.end();
            }
        }

        private void deidentify(Record<String, byte[]> record, Span span) {
            RadiographReceived received;
            try {
                received = Topics.PHI_RADIOGRAPH_RECEIVED
                        .valueSerde()
                        .deserializer()
                        .deserialize(Topics.PHI_RADIOGRAPH_RECEIVED.name(), record.value());
            } catch (InvalidRecordException | NullPointerException e) {
                deadLetter(
                        record, "UNDECODABLE_RECORD", record.value() == null ? "empty record" : e.getMessage(), null);
                return;
            }
            if (received == null) {
                deadLetter(record, "UNDECODABLE_RECORD", "empty record", null);
                return;
            }
            try {
                Deidentification.Outcome outcome = deidentification.process(received);
                // The audit goes first: whatever happens next, the PHI zone knows what was done.
                context.forward(record.withKey(received.getStudyInstanceUid()).withValue(outcome.audit()), AUDIT_SINK);
                if (outcome.quarantined()) {
                    deadLetter(
                            record,
                            Deidentification.QUARANTINED,
                            outcome.audit().getReason(),
                            received.getObjectUri());
                } else {
                    RadiographDeidentified out = outcome.deidentified();
                    Headers headers = new RecordHeaders(record.headers().toArray());
                    tracer.handOff(span, headers);
                    context.forward(
                            record.withKey(out.getStudyKey()).withValue(out).withHeaders(headers), SINK);
                }
            } catch (StageFailure e) {
                deadLetter(record, e.errorType(), e.getMessage(), received.getObjectUri());
            } catch (StoreUnavailableException e) {
                // Not the record's fault: it is processed again once the thread is replaced.
                throw e;
            } catch (RuntimeException e) {
                // A bug or a surprising object must cost one dead letter, never the whole PHI stream.
                deadLetter(record, "DEIDENTIFICATION_FAILED", e.toString(), received.getObjectUri());
            }
        }

        private void deadLetter(Record<String, byte[]> record, String errorType, String reason, String objectUri) {
            context.forward(
                    record.withValue((SpecificRecord) DeadLetters.of(
                            context, STAGE, errorType, reason, objectUri, record.value(), clock.instant())),
                    DEAD_LETTER_SINK);
        }
    }
}
