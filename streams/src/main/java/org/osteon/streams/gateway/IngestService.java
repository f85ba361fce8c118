package org.osteon.streams.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.osteon.events.DeadLetter;
import org.osteon.schemas.DeadLetters;
import org.osteon.events.IngestSource;
import org.osteon.events.RadiographReceived;
import org.osteon.schemas.topic.Topics;
import org.osteon.streams.config.OsteonConfig;
import org.osteon.streams.dicom.DicomHeader;
import org.osteon.streams.dicom.DicomObjects;
import org.osteon.streams.dicom.UnreadableDicomException;
import org.osteon.streams.kafka.EventPublisher;
import org.osteon.streams.kafka.EventPublisher.PublishException;
import org.osteon.streams.store.ObjectStores;

/**
 * The one way in, whatever the transport: claim-check the object into the PHI store and announce it
 * on {@code phi-radiograph-received-v1}. An object that cannot be read becomes a PHI dead letter.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);

    /** What happened to one object; {@code accepted} is false when it went to the dead-letter topic. */
    public record Outcome(boolean accepted, String sopClassUid, String sopInstanceUid, String reason) {
    }

    private final Path phiRoot;
    private final EventPublisher publisher;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public IngestService(OsteonConfig config, EventPublisher publisher) {
        this(config.store().phiRoot(), publisher);
    }

    /** Outside CDI: tests and the ingest benchmark. */
    public IngestService(Path phiRoot, EventPublisher publisher) {
        this.phiRoot = phiRoot;
        this.publisher = publisher;
    }

    /**
     * Takes ownership of {@code file} (it is moved or deleted).
     *
     * @throws PublishException when Kafka did not acknowledge: the sender must be told the store failed
     */
    public Outcome ingest(Path file, IngestSource source, String callingAeTitle, String calledAeTitle)
            throws PublishException {
        return ingest(file, null, -1, source, callingAeTitle, calledAeTitle);
    }

    /**
     * Like {@link #ingest(Path, IngestSource, String, String)} for a file that the caller already wrote,
     * fsynced and digested on the way in (the C-STORE SCP), so it is read only as far as its pixel data.
     */
    public Outcome ingestReceived(Path file, String sha256, long sizeBytes, IngestSource source, String callingAeTitle,
            String calledAeTitle) throws PublishException {
        return ingest(file, sha256, sizeBytes, source, callingAeTitle, calledAeTitle);
    }

    private Outcome ingest(Path file, String knownSha256, long knownSize, IngestSource source, String callingAeTitle,
            String calledAeTitle) throws PublishException {
        var receivedAt = clock.instant();
        DicomHeader header;
        Path stored;
        try {
            header = DicomObjects.readRoutingHeader(file);
            stored = ObjectStores.phiPath(phiRoot, header.studyInstanceUid(), header.sopInstanceUid());
            Files.createDirectories(stored.getParent());
            moveInto(file, stored);
        } catch (UnreadableDicomException | IllegalArgumentException | IOException e) {
            String errorType = e instanceof IOException ? "STORE_WRITE_FAILED" : "UNREADABLE_DICOM";
            return reject(file, source, errorType, e.getMessage());
        }
        try {
            String sha256 = knownSha256;
            long size = knownSize;
            if (sha256 == null) {
                // Folder and STOW-RS files were written by someone else: make them durable here.
                try (FileChannel channel = FileChannel.open(stored, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                sha256 = ObjectStores.sha256(stored);
                size = Files.size(stored);
            }
            RadiographReceived event = RadiographReceived.newBuilder()
                    .setEventId(UUID.randomUUID().toString())
                    .setReceivedAt(receivedAt)
                    .setSource(source)
                    .setCallingAeTitle(callingAeTitle)
                    .setCalledAeTitle(calledAeTitle)
                    .setObjectUri(stored.toAbsolutePath().toUri().toString())
                    .setObjectSha256(sha256)
                    .setObjectSizeBytes(size)
                    .setTransferSyntaxUid(header.transferSyntaxUid() == null ? "" : header.transferSyntaxUid())
                    .setSopClassUid(header.sopClassUid())
                    .setSopInstanceUid(header.sopInstanceUid())
                    .setStudyInstanceUid(header.studyInstanceUid())
                    .setSeriesInstanceUid(header.seriesInstanceUid() == null ? "" : header.seriesInstanceUid())
                    .setModality(header.modality())
                    .setPatientId(header.patientId())
                    .setPatientName(header.patientName())
                    .setAccessionNumber(header.accessionNumber())
                    .build();
            publisher.publish(Topics.PHI_RADIOGRAPH_RECEIVED, header.studyInstanceUid(), event);
            LOG.debugf("ingested %s from %s", stored, source);
            return new Outcome(true, header.sopClassUid(), header.sopInstanceUid(), null);
        } catch (IOException e) {
            return reject(stored, source, "STORE_READ_FAILED", e.getMessage());
        }
    }

    /** Atomic where the source is on the store's file system (the SCP spool); copy-then-delete otherwise (a watched folder elsewhere). */
    private static void moveInto(Path file, Path stored) throws IOException {
        try {
            Files.move(file, stored, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Path partial = stored.resolveSibling(stored.getFileName() + ".partial");
            Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, stored, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.delete(file);
        }
    }

    private Outcome reject(Path file, IngestSource source, String errorType, String reason) throws PublishException {
        byte[] payload = null;
        try {
            payload = Files.readAllBytes(file);
        } catch (IOException | OutOfMemoryError ignored) {
            // the reason still goes out; the bytes were unreadable anyway
        }
        String fullReason = source + " object rejected: " + reason;
        DeadLetter letter = DeadLetters.letter("gateway", errorType, fullReason, payload, clock.instant()).build();
        publisher.publish(Topics.PHI_DEAD_LETTER, file.getFileName().toString(), letter);
        LOG.warnf("dead-lettered %s: %s", file.getFileName(), fullReason);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("cannot delete rejected file %s: %s", file, e.getMessage());
        }
        return new Outcome(false, null, null, fullReason);
    }
}
