package org.osteon.platform.trace;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Headers;

/**
 * The one maker of Osteon's spans: one per {@link Stage} and image, with explicit start and end times
 * (epoch nanoseconds), so a stage can be recorded after the fact (scoring knows a batch's times only
 * when it commits). A service consumes a record ({@link #consumed}: its queue span, and the upstream
 * context to parent its own stage on), runs its stage ({@link #start}), and hands the record on
 * ({@link #handOff}: the stage's span ends and its context goes into the output's headers).
 *
 * <p>Spans get a name from {@link Stage} and numbers from {@link SpanAttribute}, nothing else: no
 * identifier of a patient, study or object ever reaches a span, a span log line or an exporter.
 */
public final class StudyTracer {

    private static final StudyTracer NOOP = new StudyTracer(OpenTelemetry.noop());
    static final String INSTRUMENTATION_SCOPE = "org.osteon";

    private final Tracer tracer;

    public StudyTracer(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
    }

    /** Records nothing: tests and tools that run a stage without tracing. */
    public static StudyTracer noop() {
        return NOOP;
    }

    /** Now, in epoch nanoseconds (the clock every service of one host shares). */
    public static long now() {
        return epochNanos(Instant.now());
    }

    public static long epochNanos(Instant instant) {
        return TimeUnit.SECONDS.toNanos(instant.getEpochSecond()) + instant.getNano();
    }

    /** Starts {@code stage}'s span at {@code startEpochNanos}, a child of {@code parent}. */
    public Span start(Stage stage, Context parent, long startEpochNanos) {
        return tracer.spanBuilder(stage.spanName())
                .setParent(parent)
                .setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS)
                .startSpan();
    }

    /** Records {@code stage} as a finished span from {@code start} to {@code end}, a child of {@code parent}. */
    public Span record(Stage stage, Context parent, long startEpochNanos, long endEpochNanos) {
        Span span = start(stage, parent, Math.min(startEpochNanos, endEpochNanos));
        span.end(endEpochNanos, TimeUnit.NANOSECONDS);
        return span;
    }

    /**
     * A consumed record: records its {@code queue} span, from the moment the stage before handed it over
     * (its {@value TraceHeaders#SENT_AT} header) to {@code consumedAtEpochNanos}, and returns the upstream
     * context for the stage's own span. A record without trace headers (sent by an older version, or by a
     * tool) gets no queue span and a new trace.
     */
    public Context consumed(Stage queue, Headers headers, long consumedAtEpochNanos) {
        Context upstream = TraceHeaders.extract(headers);
        OptionalLong sentAt = TraceHeaders.sentAtEpochNanos(headers);
        if (sentAt.isPresent() && Span.fromContext(upstream).getSpanContext().isValid()) {
            record(queue, upstream, sentAt.getAsLong(), consumedAtEpochNanos);
        }
        return upstream;
    }

    /** Ends {@code span} now and writes its context and the hand-off time into {@code headers}. */
    public void handOff(Span span, Headers headers) {
        handOff(span, headers, now());
    }

    /** Ends {@code span} at {@code atEpochNanos} and writes its context and that time into {@code headers}. */
    public void handOff(Span span, Headers headers, long atEpochNanos) {
        propagate(span, headers, atEpochNanos);
        span.end(atEpochNanos, TimeUnit.NANOSECONDS);
    }

    /** Writes {@code span}'s context and a hand-off time into {@code headers}, leaving the span open. */
    public void propagate(Span span, Headers headers, long atEpochNanos) {
        if (span.getSpanContext().isValid()) {
            TraceHeaders.inject(Context.root().with(span), atEpochNanos, headers);
        }
    }

    /** Sets one of the allowed numeric attributes. */
    public static Span set(Span span, SpanAttribute attribute, long value) {
        return span.setAttribute(attribute.key(), value);
    }
}
