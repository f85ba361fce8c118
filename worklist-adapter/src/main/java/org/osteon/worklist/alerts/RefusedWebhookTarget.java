package org.osteon.worklist.alerts;

/**
 * A webhook target the address policy refuses. Its message says why without the URL or its host
 * name, so it may go to the database, the log, a dead letter and an API answer.
 */
public class RefusedWebhookTarget extends Exception {

    public RefusedWebhookTarget(String reason) {
        super(reason, null, false, false);
    }
}
