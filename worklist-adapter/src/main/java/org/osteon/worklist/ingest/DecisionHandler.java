package org.osteon.worklist.ingest;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.osteon.events.TriageDecision;
import org.osteon.platform.trace.Stage;
import org.osteon.platform.trace.StudyTracer;
import org.osteon.worklist.publish.AlertRaised;
import org.osteon.worklist.publish.EventPublisher;
import org.osteon.worklist.publish.RowChanged;
import org.osteon.worklist.store.DecidedImage;
import org.osteon.worklist.store.DecisionCommit;
import org.osteon.worklist.store.IncomingDecision;
import org.osteon.worklist.store.WorklistStore;

/** triage-decision-v1 → policy and commit → WorklistPriorityChanged, WorklistAlert → open pages. */
@ApplicationScoped
class DecisionHandler implements RecordHandler<TriageDecision> {

    private final WorklistStore store;
    private final EventPublisher publisher;
    private final Event<RowChanged> changes;
    private final Event<AlertRaised> alerts;
    private final StudyTracer tracer;

    DecisionHandler(
            WorklistStore store,
            EventPublisher publisher,
            Event<RowChanged> changes,
            Event<AlertRaised> alerts,
            StudyTracer tracer) {
        this.store = store;
        this.publisher = publisher;
        this.changes = changes;
        this.alerts = alerts;
        this.tracer = tracer;
    }

    @Override
    public void handle(TriageDecision decision, ConsumerRecord<byte[], byte[]> raw) {
        // The image's trace ends with the commit: what the latency budget measures to.
        long start = StudyTracer.now();
        Context upstream = tracer.consumed(Stage.WORKLIST_QUEUE, raw.headers(), start);
        Span span = tracer.start(Stage.WORKLIST_COMMIT, upstream, start);
        DecisionCommit commit;
        try {
            commit = apply(decision);
        } finally {
            span.end();
        }
        publishAndNotify(commit);
    }

    private DecisionCommit apply(TriageDecision decision) {
        return store.applyDecision(new IncomingDecision(
                decision.getEventId(),
                decision.getStudyKey(),
                decision.getInstanceKey(),
                decision.getDecision(),
                decision.getReason(),
                decision.getMalignantProbability(),
                decision.getUncertainty(),
                decision.getModelVersion(),
                decision.getReceivedAt(),
                decision.getProvenance(),
                new DecidedImage(
                        decision.getSite(), decision.getObjectUri(), decision.getCamUri(), decision.getCamShape())));
    }

    private void publishAndNotify(DecisionCommit commit) {
        // A redelivered decision republishes the stored event (same event id): the first delivery may
        // have committed to the database and then failed to publish.
        publisher.priorityChanged(commit.applied());
        if (commit.alert() != null) {
            publisher.alert(commit.alert());
        }
        if (!commit.duplicate()) {
            changes.fire(new RowChanged(commit.row()));
            if (commit.alert() != null) {
                alerts.fire(new AlertRaised(commit.alert()));
            }
        }
    }
}
