package org.osteon.platform.trace;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The trace context in Kafka record headers, written once for every service: W3C {@code traceparent}
 * (and {@code tracestate}) by OpenTelemetry's propagator, and {@value #SENT_AT}, the epoch microseconds at
 * which the stage before handed the record to its producer, from which the next stage's queue span starts.
 * Quarkus' OpenTelemetry extension traces neither plain Kafka clients nor Kafka Streams, so this does.
 */
public final class TraceHeaders {

    /** Epoch microseconds at which the producing stage ended, ASCII decimal. */
    public static final String SENT_AT = "osteon-sent-at";
    /** The W3C trace context header. */
    public static final String TRACEPARENT = "traceparent";

    private static final W3CTraceContextPropagator PROPAGATOR = W3CTraceContextPropagator.getInstance();

    private static final TextMapSetter<Headers> SETTER = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.US_ASCII));
    };

    private static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            for (Header h : headers) {
                keys.add(h.key());
            }
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            Header h = headers == null ? null : headers.lastHeader(key);
            return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.US_ASCII);
        }
    };

    private TraceHeaders() {}

    /** Writes {@code context}'s span context and the hand-off time, replacing any earlier ones. */
    public static void inject(Context context, long sentAtEpochNanos, Headers headers) {
        PROPAGATOR.inject(context, headers, SETTER);
        SETTER.set(headers, SENT_AT, Long.toString(sentAtEpochNanos / 1_000));
    }

    /** The context the headers carry; {@link Context#root()} with no (or a malformed) {@code traceparent}. */
    public static Context extract(Headers headers) {
        return headers == null ? Context.root() : PROPAGATOR.extract(Context.root(), headers, GETTER);
    }

    /** When the stage before handed the record over, in epoch nanoseconds, if the headers say. */
    public static OptionalLong sentAtEpochNanos(Headers headers) {
        String value = GETTER.get(headers, SENT_AT);
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Math.multiplyExact(Long.parseLong(value.trim()), 1_000L));
        } catch (NumberFormatException | ArithmeticException e) {
            return OptionalLong.empty();
        }
    }

    /** The raw {@code traceparent} value, or null: the key scoring matches its outputs to inputs by. */
    public static String traceparent(Headers headers) {
        return GETTER.get(headers, TRACEPARENT);
    }
}
