package org.osteon.worklist.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.osteon.events.TriageDecision;
import org.osteon.worklist.publish.EventPublisher;
import org.osteon.worklist.publish.RowChanged;
import org.osteon.worklist.store.DecisionCommit;
import org.osteon.worklist.store.IncomingDecision;
import org.osteon.worklist.store.WorklistStore;

/** triage-decision-v1 → policy and commit → WorklistPriorityChanged → open pages. */
@ApplicationScoped
class DecisionHandler implements RecordHandler<TriageDecision> {

    private final WorklistStore store;
    private final EventPublisher publisher;
    private final Event<RowChanged> changes;

    DecisionHandler(WorklistStore store, EventPublisher publisher, Event<RowChanged> changes) {
        this.store = store;
        this.publisher = publisher;
        this.changes = changes;
    }

    @Override
    public void handle(TriageDecision decision, ConsumerRecord<byte[], byte[]> raw) {
        DecisionCommit commit = store.applyDecision(new IncomingDecision(decision.getEventId(),
                decision.getStudyKey(), decision.getInstanceKey(), decision.getDecision(), decision.getReason(),
                decision.getMalignantProbability(), decision.getUncertainty(), decision.getModelVersion(),
                decision.getReceivedAt(), decision.getProvenance()));
        // A redelivered decision republishes the stored event (same event id): the first delivery may
        // have committed to the database and then failed to publish.
        publisher.priorityChanged(commit.applied());
        if (!commit.duplicate()) {
            changes.fire(new RowChanged(commit.row()));
        }
    }
}
