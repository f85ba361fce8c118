package org.osteon.worklist.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Body of POST /api/alerts/subscriptions: {"kind":"sse"}, or {"kind":"webhook","url":"https://…",
 * "secret":"…"} where the secret (at least 16 characters) is the subscriber's HMAC key.
 */
public record SubscriptionRequest(
        @NotNull @Pattern(regexp = "sse|webhook") String kind, String url, String secret) {}
