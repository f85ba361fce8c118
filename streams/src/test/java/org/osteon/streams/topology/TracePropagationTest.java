package org.osteon.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.events.RadiographDeidentified;
import org.osteon.events.RadiographReceived;
import org.osteon.events.RadiographScored;
import org.osteon.events.TriageDecision;
import org.osteon.platform.trace.SpanLog;
import org.osteon.platform.trace.Stage;
import org.osteon.platform.trace.StudyTracer;
import org.osteon.platform.trace.TraceHeaders;
import org.osteon.schemas.topic.Topics;
import org.osteon.testsupport.dicom.TestDicom;

/**
 * The streams topology carries each image's trace from input to output: every output record's
 * {@code traceparent} is the trace of its input, with the stage's own span as parent, and no span holds
 * a PHI value.
 */
class TracePropagationTest {

    @TempDir
    Path dir;

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final StudyTracer tracer = new StudyTracer(OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build());
    private TopologyFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new TopologyFixture(dir, null, tracer);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void shouldCarryTheTraceFromReceiptToTheDeidentifiedRecord() throws Exception {
        RadiographReceived received =
                fixture.received(TestDicom.writeRadiograph(dir.resolve("cr.dcm"), "1.2.826.0.1.3680043.9.7777.40.1"));
        Headers headers = new RecordHeaders();
        Span receipt = tracer.start(Stage.RECEIPT, Context.root(), StudyTracer.now());
        tracer.handOff(receipt, headers);

        fixture.input(Topics.PHI_RADIOGRAPH_RECEIVED)
                .pipeInput(new TestRecord<>(received.getStudyInstanceUid(), received, headers));

        TestRecord<String, RadiographDeidentified> out =
                fixture.output(Topics.RADIOGRAPH_DEIDENTIFIED).readRecord();
        Span downstream = Span.fromContext(TraceHeaders.extract(out.headers()));
        SpanData deid = only(Stage.DEID);
        assertThat(downstream.getSpanContext().getTraceId())
                .isEqualTo(receipt.getSpanContext().getTraceId());
        assertThat(downstream.getSpanContext().getSpanId()).isEqualTo(deid.getSpanId());
        assertThat(deid.getParentSpanId()).isEqualTo(receipt.getSpanContext().getSpanId());
        assertThat(only(Stage.DEID_QUEUE).getParentSpanId())
                .isEqualTo(receipt.getSpanContext().getSpanId());
        assertThat(out.headers().headers(TraceHeaders.TRACEPARENT)).hasSize(1);
        assertThat(TraceHeaders.sentAtEpochNanos(out.headers())).hasValue(deid.getEndEpochNanos() / 1000 * 1000);
    }

    @Test
    void shouldCarryTheTraceFromTheScoreToTheDecision() {
        Headers headers = new RecordHeaders();
        Span scoring = tracer.start(Stage.SCORING_WAIT, Context.root(), StudyTracer.now());
        tracer.handOff(scoring, headers);
        RadiographScored scored = TopologyFixture.scored("study-key", "instance-key", TopologyFixture.NOW, 0.9, 0.01);

        fixture.input(Topics.RADIOGRAPH_SCORED).pipeInput(new TestRecord<>("study-key", scored, headers));

        TestRecord<String, TriageDecision> out =
                fixture.output(Topics.TRIAGE_DECISION).readRecord();
        SpanData gate = only(Stage.GATE);
        Span downstream = Span.fromContext(TraceHeaders.extract(out.headers()));
        assertThat(downstream.getSpanContext().getTraceId())
                .isEqualTo(scoring.getSpanContext().getTraceId());
        assertThat(downstream.getSpanContext().getSpanId()).isEqualTo(gate.getSpanId());
        assertThat(gate.getParentSpanId()).isEqualTo(scoring.getSpanContext().getSpanId());
        assertThat(only(Stage.GATE_QUEUE).getTraceId()).isEqualTo(gate.getTraceId());
    }

    @Test
    void shouldTraceAnEligibleImageOnceAtTheGateNotAlsoOnItsWayToScoring() throws Exception {
        RadiographReceived received =
                fixture.received(TestDicom.writeRadiograph(dir.resolve("cr.dcm"), "1.2.826.0.1.3680043.9.7777.41.1"));
        Headers headers = new RecordHeaders();
        tracer.handOff(tracer.start(Stage.RECEIPT, Context.root(), StudyTracer.now()), headers);

        fixture.input(Topics.PHI_RADIOGRAPH_RECEIVED)
                .pipeInput(new TestRecord<>(received.getStudyInstanceUid(), received, headers));

        assertThat(names())
                .containsOnlyKeys(Stage.RECEIPT.spanName(), Stage.DEID_QUEUE.spanName(), Stage.DEID.spanName());
    }

    @Test
    void shouldPutNoPhiValueIntoAnySpan() throws Exception {
        String sopUid = "1.2.826.0.1.3680043.9.7777.42.1";
        RadiographReceived received = fixture.received(TestDicom.writeRadiograph(dir.resolve("cr.dcm"), sopUid));
        Headers headers = new RecordHeaders();
        tracer.handOff(tracer.start(Stage.RECEIPT, Context.root(), StudyTracer.now()), headers);
        fixture.input(Topics.PHI_RADIOGRAPH_RECEIVED)
                .pipeInput(new TestRecord<>(received.getStudyInstanceUid(), received, headers));
        // An ineligible object (CT) goes through the gate too.
        RadiographReceived ct = fixture.received(TestDicom.write(
                TestDicom.object(TestDicom.CT, "CT", "1.2.826.0.1.3680043.9.7777.42.2", true), dir.resolve("ct.dcm")));
        Headers ctHeaders = new RecordHeaders();
        tracer.handOff(tracer.start(Stage.RECEIPT, Context.root(), StudyTracer.now()), ctHeaders);
        fixture.input(Topics.PHI_RADIOGRAPH_RECEIVED)
                .pipeInput(new TestRecord<>(ct.getStudyInstanceUid(), ct, ctHeaders));

        List<String> phi = new java.util.ArrayList<>(TestDicom.PLANTED_PHI);
        phi.addAll(List.of(
                sopUid,
                received.getStudyInstanceUid(),
                received.getPatientId(),
                received.getPatientName(),
                received.getAccessionNumber(),
                received.getObjectUri()));
        assertThat(spans.getFinishedSpanItems()).hasSizeGreaterThanOrEqualTo(6);
        for (SpanData span : spans.getFinishedSpanItems()) {
            StringBuilder everything = new StringBuilder(span.getName()).append(SpanLog.line(span));
            span.getAttributes()
                    .forEach((AttributeKey<?> key, Object value) ->
                            everything.append(key.getKey()).append(value));
            span.getResource().getAttributes().forEach((key, value) -> everything.append(value));
            span.getEvents().forEach(e -> everything.append(e.getName()).append(e.getAttributes()));
            for (String value : phi) {
                if (value != null && !value.isBlank()) {
                    assertThat(everything.toString())
                            .as("span %s holds a PHI value", span.getName())
                            .doesNotContain(value);
                }
            }
        }
    }

    private SpanData only(Stage stage) {
        List<SpanData> found = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(stage.spanName()))
                .toList();
        assertThat(found).as("spans named %s", stage.spanName()).hasSize(1);
        return found.get(0);
    }

    private Map<String, Long> names() {
        return spans.getFinishedSpanItems().stream()
                .collect(Collectors.groupingBy(SpanData::getName, Collectors.counting()));
    }
}
