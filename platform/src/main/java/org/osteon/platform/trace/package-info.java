/**
 * Tracing of every image from receipt to the worklist commit: one OpenTelemetry trace per received
 * object, its context carried from service to service in Kafka record headers (W3C {@code traceparent}),
 * one span per stage of the latency budget ({@link org.osteon.platform.trace.Stage}). Spans carry no PHI:
 * only {@link org.osteon.platform.trace.StudyTracer} makes them, and it takes no free-form attribute.
 */
package org.osteon.platform.trace;
