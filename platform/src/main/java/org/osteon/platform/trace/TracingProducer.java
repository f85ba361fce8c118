package org.osteon.platform.trace;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The {@link StudyTracer} of a service, over an SDK built from {@link TracingConfig} and the
 * {@code OTEL_*} environment. Discovered in every service that uses the platform; the SDK (and its
 * exporter, if any) is built the first time a tracer is injected and flushed at shutdown.
 */
@Singleton
public class TracingProducer {

    private volatile OpenTelemetrySdk sdk;

    @Produces
    @Singleton
    StudyTracer tracer(TracingConfig config) {
        sdk = Tracing.create(config.serviceName(), config.logSpans());
        return Tracing.tracer(sdk);
    }

    @PreDestroy
    void close() {
        OpenTelemetrySdk open = sdk;
        if (open != null) {
            open.close();
        }
    }
}
