package org.osteon.streams;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.osteon.events.IngestSource;
import org.osteon.events.RadiographReceived;
import org.osteon.platform.dicom.DicomHeader;
import org.osteon.platform.dicom.DicomObjects;
import org.osteon.platform.store.ObjectStores;

/** What the gateway does on receipt, for tests that start where it ends: the object into the PHI store, and its event. */
public final class ReceivedEvents {

    private ReceivedEvents() {}

    /** Moves {@code file} into the PHI store under {@code phiRoot} and returns the event that points at it. */
    public static RadiographReceived announce(Path phiRoot, Path file, Instant receivedAt) throws Exception {
        DicomHeader h = DicomObjects.readHeader(file);
        Path stored = ObjectStores.phiPath(phiRoot, h.studyInstanceUid(), h.sopInstanceUid());
        Files.createDirectories(stored.getParent());
        Files.move(file, stored);
        return RadiographReceived.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setReceivedAt(receivedAt)
                .setSource(IngestSource.CSTORE)
                .setCallingAeTitle("TESTSCU")
                .setCalledAeTitle("OSTEON")
                .setObjectUri(stored.toAbsolutePath().toUri().toString())
                .setObjectSha256(ObjectStores.sha256(stored))
                .setObjectSizeBytes(Files.size(stored))
                .setTransferSyntaxUid(h.transferSyntaxUid())
                .setSopClassUid(h.sopClassUid())
                .setSopInstanceUid(h.sopInstanceUid())
                .setStudyInstanceUid(h.studyInstanceUid())
                .setSeriesInstanceUid(h.seriesInstanceUid())
                .setModality(h.modality())
                .setPatientId(h.patientId())
                .setPatientName(h.patientName())
                .setAccessionNumber(h.accessionNumber())
                .build();
    }
}
