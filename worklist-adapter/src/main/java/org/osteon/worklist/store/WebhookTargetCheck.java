package org.osteon.worklist.store;

/**
 * Checks a webhook URL before its subscription is stored. The alerts package implements it with the
 * address policy, so the store keeps no knowledge of how webhooks are delivered.
 */
public interface WebhookTargetCheck {

    /**
     * Returns when the URL may be subscribed; otherwise throws an exception the API answers with 400
     * (a {@code jakarta.ws.rs.BadRequestException} whose text never quotes the URL).
     */
    void checkWebhookUrl(String url);
}
