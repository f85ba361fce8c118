package org.osteon.platform.trace;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Tracing of every image through the services (docs/scaling.md, "Latency budget"). Export follows the
 * standard OpenTelemetry variables ({@code OTEL_TRACES_EXPORTER}, {@code OTEL_EXPORTER_OTLP_ENDPOINT}):
 * none unless they name one.
 */
@ConfigMapping(prefix = "osteon.tracing")
public interface TracingConfig {

    /**
     * One log line per span (category {@code org.osteon.trace}; stage, trace id, times, never PHI): the
     * demo and {@code ./osteon bench latency} turn it on.
     */
    @WithDefault("false")
    boolean logSpans();

    /** The spans' {@code service.name} ({@code OTEL_SERVICE_NAME} wins); each app sets its own. */
    @WithDefault("osteon")
    String serviceName();
}
