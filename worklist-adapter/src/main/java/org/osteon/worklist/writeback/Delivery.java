package org.osteon.worklist.writeback;

/**
 * What a peer did with one delivery.
 *
 * @param outcome ACKNOWLEDGED: done; RETRY: may succeed later (timeout, outage, HL7 AE, HTTP 5xx);
 *     REJECTED: will never succeed (HL7 AR, HTTP 4xx), dead-letter it now
 * @param detail the peer's words (ACK code and text, HTTP status), for the audit trail or the dead letter
 */
public record Delivery(Outcome outcome, String detail) {

    public enum Outcome {
        ACKNOWLEDGED,
        RETRY,
        REJECTED
    }

    public static Delivery acknowledged(String detail) {
        return new Delivery(Outcome.ACKNOWLEDGED, detail);
    }

    public static Delivery retry(String detail) {
        return new Delivery(Outcome.RETRY, detail);
    }

    public static Delivery rejected(String detail) {
        return new Delivery(Outcome.REJECTED, detail);
    }

    /** The usual reading of an HTTP status: 2xx done, 408/429/5xx later, any other 4xx never. */
    public static Delivery ofHttpStatus(int status, String detail) {
        String text = "HTTP " + status + (detail == null || detail.isBlank() ? "" : ": " + detail);
        if (status >= 200 && status < 300) {
            return acknowledged(text);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return retry(text);
        }
        return rejected(text);
    }
}
