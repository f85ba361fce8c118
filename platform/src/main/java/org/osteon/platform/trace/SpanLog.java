package org.osteon.platform.trace;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One compact log line per ended span, on the category {@value #CATEGORY}:
 * {@code span trace=<32 hex> stage=<name> start_us=<epoch µs> dur_us=<µs>} and the span's numeric
 * attributes. The demo logs them, and {@code ./osteon bench latency} reads them back from the services'
 * logs to build each image's trace. Names and numbers only: spans hold no PHI ({@link StudyTracer}).
 */
public final class SpanLog implements SpanProcessor {

    public static final String CATEGORY = "org.osteon.trace";
    private static final Logger LOG = Logger.getLogger(CATEGORY);

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        if (LOG.isInfoEnabled()) {
            LOG.info(line(span.toSpanData()));
        }
    }

    /** The log line of one span. */
    public static String line(SpanData span) {
        StringBuilder line = new StringBuilder(128)
                .append("span trace=")
                .append(span.getTraceId())
                .append(" stage=")
                .append(span.getName())
                .append(" start_us=")
                .append(TimeUnit.NANOSECONDS.toMicros(span.getStartEpochNanos()))
                .append(" dur_us=")
                .append(TimeUnit.NANOSECONDS.toMicros(span.getEndEpochNanos() - span.getStartEpochNanos()));
        span.getAttributes().forEach((key, value) -> {
            if (value instanceof Long) {
                line.append(' ').append(key.getKey()).append('=').append(value);
            }
        });
        return line.toString();
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
