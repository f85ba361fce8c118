package org.osteon.worklist.store;

import org.osteon.events.WorklistPriority;

/**
 * One due delivery from the outbox, with what the peer needs read from the study's row now.
 *
 * @param id the idempotence key, sent along so a peer can drop a resent duplicate
 * @param target hl7, fhir, ups, or webhook:&lt;subscription id&gt;
 * @param priority the priority to write back; null for an alert
 * @param attempts failed attempts so far
 * @param alert the alert to deliver; null for a priority write-back
 * @param url the webhook's URL; null otherwise, or when the subscription was removed. It may carry a
 *     token: never put it in an error, a log line or a dead letter (name the target instead)
 * @param secret the webhook's HMAC key, decrypted; null otherwise, or when it cannot be decrypted
 */
public record OutboxItem(
        String id,
        String studyKey,
        String target,
        WorklistPriority priority,
        int attempts,
        String accessionNumber,
        String patientId,
        String patientName,
        String modality,
        AlertRecord alert,
        String url,
        String secret) {

    public static final String WEBHOOK_PREFIX = "webhook:";

    public boolean isWebhook() {
        return target.startsWith(WEBHOOK_PREFIX);
    }

    /** The webhook's subscription id, the name errors use for it; null for a RIS target. */
    public String subscriptionId() {
        return isWebhook() ? target.substring(WEBHOOK_PREFIX.length()) : null;
    }
}
