package org.osteon.platform.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.net.InetSocketAddress;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The SDK a service builds: silent by default, OTLP where the standard settings name it. */
class TracingTest {

    @Test
    void shouldExportNothingUnlessAnExporterIsNamed() {
        try (OpenTelemetrySdk sdk = Tracing.create("osteon-test", false)) {
            assertThat(sdk.getSdkTracerProvider().toString()).doesNotContain("Otlp");
        }
    }

    @Test
    void shouldExportSpansOverOtlpWhereConfigured() throws Exception {
        CopyOnWriteArrayList<String> paths = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            paths.add(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        System.setProperty("otel.traces.exporter", "otlp");
        System.setProperty(
                "otel.exporter.otlp.endpoint",
                "http://127.0.0.1:" + collector.getAddress().getPort());
        try (OpenTelemetrySdk sdk = Tracing.create("osteon-test", true)) {
            StudyTracer tracer = Tracing.tracer(sdk);
            tracer.record(Stage.RECEIPT, Context.root(), StudyTracer.now() - 1_000_000, StudyTracer.now());
            sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
        } finally {
            System.clearProperty("otel.traces.exporter");
            System.clearProperty("otel.exporter.otlp.endpoint");
            collector.stop(0);
        }
        assertThat(paths).contains("/v1/traces");
    }
}
