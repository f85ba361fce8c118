package org.osteon.platform.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TraceHeadersTest {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final StudyTracer tracer = new StudyTracer(OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build());

    @Test
    void shouldCarryTheSpanContextAndTheHandOffTimeThroughRecordHeaders() {
        Span receipt = tracer.start(Stage.RECEIPT, Context.root(), 1_000_000_000L);
        Headers headers = new RecordHeaders();
        tracer.handOff(receipt, headers, 1_250_000_000L);

        assertThat(TraceHeaders.traceparent(headers))
                .isEqualTo("00-" + receipt.getSpanContext().getTraceId() + "-"
                        + receipt.getSpanContext().getSpanId() + "-01");
        assertThat(TraceHeaders.sentAtEpochNanos(headers)).hasValue(1_250_000_000L);
        Span extracted = Span.fromContext(TraceHeaders.extract(headers));
        assertThat(extracted.getSpanContext().getTraceId())
                .isEqualTo(receipt.getSpanContext().getTraceId());
        assertThat(extracted.getSpanContext().getSpanId())
                .isEqualTo(receipt.getSpanContext().getSpanId());
        assertThat(extracted.getSpanContext().isRemote()).isTrue();
    }

    @Test
    void shouldReplaceAnUpstreamContextRatherThanAddASecond() {
        Headers headers = new RecordHeaders();
        tracer.handOff(tracer.start(Stage.RECEIPT, Context.root(), 1L), headers, 2_000L);
        Span deid = tracer.start(Stage.DEID, TraceHeaders.extract(headers), 3_000L);
        tracer.handOff(deid, headers, 4_000L);

        assertThat(headers.headers(TraceHeaders.TRACEPARENT)).hasSize(1);
        assertThat(headers.headers(TraceHeaders.SENT_AT)).hasSize(1);
        assertThat(Span.fromContext(TraceHeaders.extract(headers))
                        .getSpanContext()
                        .getSpanId())
                .isEqualTo(deid.getSpanContext().getSpanId());
    }

    @Test
    void shouldRecordTheQueueSpanFromTheHandOffToTheConsumption() {
        Span receipt = tracer.start(Stage.RECEIPT, Context.root(), 1_000_000L);
        Headers headers = new RecordHeaders();
        tracer.handOff(receipt, headers, 5_000_000L);

        Context upstream = tracer.consumed(Stage.DEID_QUEUE, headers, 12_000_000L);

        assertThat(Span.fromContext(upstream).getSpanContext().getSpanId())
                .isEqualTo(receipt.getSpanContext().getSpanId());
        SpanData queue = byName(Stage.DEID_QUEUE);
        assertThat(queue.getStartEpochNanos()).isEqualTo(5_000_000L);
        assertThat(queue.getEndEpochNanos()).isEqualTo(12_000_000L);
        assertThat(queue.getParentSpanId()).isEqualTo(receipt.getSpanContext().getSpanId());
        assertThat(queue.getTraceId()).isEqualTo(receipt.getSpanContext().getTraceId());
    }

    @Test
    void shouldStartANewTraceForARecordWithoutHeaders() {
        Context upstream = tracer.consumed(Stage.DEID_QUEUE, new RecordHeaders(), 10L);

        assertThat(Span.fromContext(upstream).getSpanContext().isValid()).isFalse();
        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void shouldIgnoreMalformedHeaders() {
        Headers headers = new RecordHeaders();
        headers.add(TraceHeaders.TRACEPARENT, "not-a-traceparent".getBytes(StandardCharsets.US_ASCII));
        headers.add(TraceHeaders.SENT_AT, "yesterday".getBytes(StandardCharsets.US_ASCII));

        assertThat(Span.fromContext(TraceHeaders.extract(headers))
                        .getSpanContext()
                        .isValid())
                .isFalse();
        assertThat(TraceHeaders.sentAtEpochNanos(headers)).isEmpty();
    }

    @Test
    void shouldWriteNothingWhenTracingIsOff() {
        Headers headers = new RecordHeaders();
        StudyTracer.noop().handOff(StudyTracer.noop().start(Stage.RECEIPT, Context.root(), 1L), headers, 2L);

        assertThat(headers.toArray()).isEmpty();
    }

    @Test
    void shouldLogOneCompactLinePerSpanWithNumbersOnly() {
        Span span = tracer.start(Stage.SCORING_BATCH, Context.root(), 2_000_000L);
        StudyTracer.set(span, SpanAttribute.BATCH_SIZE, 8);
        span.end(9_500_000L, java.util.concurrent.TimeUnit.NANOSECONDS);

        assertThat(SpanLog.line(byName(Stage.SCORING_BATCH)))
                .isEqualTo("span trace=" + span.getSpanContext().getTraceId()
                        + " stage=scoring.batch start_us=2000 dur_us=7500 osteon.batch.size=8");
    }

    private SpanData byName(Stage stage) {
        List<SpanData> found = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(stage.spanName()))
                .toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
