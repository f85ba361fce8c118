package org.osteon.worklist.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.osteon.events.RadiographReceived;
import org.osteon.schemas.key.StudyKeys;
import org.osteon.worklist.publish.RowChanged;
import org.osteon.worklist.store.ReceivedImage;
import org.osteon.worklist.store.WorklistStore;

/** phi-radiograph-received-v1 → the study's row gets its PHI (keyed by the study pseudonym). */
@ApplicationScoped
class ReceivedHandler implements RecordHandler<RadiographReceived> {

    private final StudyKeys studyKeys;
    private final WorklistStore store;
    private final Event<RowChanged> changes;

    ReceivedHandler(StudyKeys studyKeys, WorklistStore store, Event<RowChanged> changes) {
        this.studyKeys = studyKeys;
        this.store = store;
        this.changes = changes;
    }

    @Override
    public void handle(RadiographReceived received, ConsumerRecord<byte[], byte[]> raw) {
        // The same key the de-identification stage gives the study, so decisions find this row.
        String studyKey = studyKeys.studyKey(received.getStudyInstanceUid());
        store.recordReceived(new ReceivedImage(
                        received.getEventId(),
                        studyKey,
                        received.getReceivedAt(),
                        received.getAccessionNumber(),
                        received.getPatientName(),
                        received.getPatientId(),
                        received.getModality(),
                        received.getStudyInstanceUid()))
                .ifPresent(row -> changes.fire(new RowChanged(row)));
    }
}
