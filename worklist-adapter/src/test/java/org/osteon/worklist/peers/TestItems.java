package org.osteon.worklist.peers;

import java.time.Instant;
import java.util.UUID;
import org.osteon.events.WorklistPriority;
import org.osteon.worklist.store.AlertRecord;
import org.osteon.worklist.store.OutboxItem;

/** Outbox rows as the dispatcher hands them to a target. */
public final class TestItems {

    private TestItems() {}

    public static OutboxItem priority(String target, WorklistPriority priority, String accession) {
        return new OutboxItem(
                UUID.randomUUID().toString(),
                "study-" + accession,
                target,
                priority,
                0,
                accession,
                "PID-" + accession,
                "Doe^Jane=山田^太郎=やまだ^たろう",
                "DX",
                null,
                null,
                null);
    }

    public static String pseudonym(String accession) {
        return "study-" + Integer.toHexString(accession.hashCode());
    }

    public static OutboxItem webhook(String url, String secret, String accession) {
        // The pseudonym must not contain the accession number, so a leak of the PHI is detectable.
        AlertRecord alert = new AlertRecord(
                UUID.randomUUID().toString(),
                pseudonym(accession),
                accession,
                "ESCALATE",
                "malignant probability 0.91 ≥ 0.34",
                0.91,
                0.05,
                "test-model-1",
                "NOT FOR CLINICAL USE",
                Instant.parse("2026-01-01T10:00:00Z"));
        return new OutboxItem(
                UUID.randomUUID().toString(),
                alert.studyKey(),
                "webhook:sub-1",
                null,
                0,
                accession,
                null,
                null,
                null,
                alert,
                url,
                secret);
    }
}
