package org.osteon.platform.trace;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Map;

/**
 * Builds a service's OpenTelemetry SDK from the standard {@code OTEL_*} environment variables (or
 * {@code otel.*} system properties), with Osteon's defaults underneath: no exporter at all unless one is
 * named ({@code OTEL_TRACES_EXPORTER=otlp} and {@code OTEL_EXPORTER_OTLP_ENDPOINT}), no metrics or log
 * export (Osteon's metrics are on {@code /q/metrics}), OTLP over HTTP ({@code http/protobuf}, port 4318 by
 * default), and the span log when {@code logSpans}.
 */
public final class Tracing {

    private Tracing() {}

    /**
     * @param serviceName {@code service.name} of the spans, unless {@code OTEL_SERVICE_NAME} says otherwise
     * @param logSpans    one log line per span ({@link SpanLog})
     */
    public static OpenTelemetrySdk create(String serviceName, boolean logSpans) {
        return AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> Map.of(
                        "otel.traces.exporter", "none",
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none",
                        // OTLP over HTTP: the JDK's client sends it; gRPC would need OkHttp or grpc-java.
                        "otel.exporter.otlp.protocol", "http/protobuf",
                        "otel.service.name", serviceName))
                .addTracerProviderCustomizer(
                        (builder, config) -> logSpans ? builder.addSpanProcessor(new SpanLog()) : builder)
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
    }

    /** A tracer over {@link #create}'s SDK. */
    public static StudyTracer tracer(OpenTelemetry openTelemetry) {
        return new StudyTracer(openTelemetry);
    }
}
