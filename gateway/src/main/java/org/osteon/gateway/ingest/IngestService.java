package org.osteon.gateway.ingest;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;
import org.osteon.events.DeadLetter;
import org.osteon.events.IngestSource;
import org.osteon.events.RadiographReceived;
import org.osteon.gateway.config.GatewayConfig;
import org.osteon.gateway.publish.EventPublisher;
import org.osteon.gateway.store.PhiStore;
import org.osteon.platform.dicom.DicomHeader;
import org.osteon.platform.dicom.DicomLimits;
import org.osteon.platform.dicom.DicomObjects;
import org.osteon.platform.dicom.UnreadableDicomException;
import org.osteon.platform.kafka.PublishException;
import org.osteon.platform.store.ObjectStores;
import org.osteon.platform.store.StoreConfig;
import org.osteon.platform.trace.Stage;
import org.osteon.platform.trace.StudyTracer;
import org.osteon.schemas.DeadLetters;
import org.osteon.schemas.topic.Topics;

/**
 * The one way in, whatever the transport: claim-check the object into the PHI store and announce it
 * on {@code phi-radiograph-received-v1}. An object that cannot be read is kept in the store's rejected
 * area and announced on {@code phi-dead-letter-v1} by claim check, never by its bytes.
 *
 * <p>Two kinds of failure are kept apart. Bad input is final: dead-lettered, and the sender is told not
 * to resend. A fault of this side (the disk, the broker) is transient: it is thrown, the sender is told
 * to try again, and nothing is dead-lettered.
 *
 * <p>JPEG 2000 and JPEG-LS objects are decoded to explicit VR little endian by {@link Transcoder} before
 * they are stored: the stored object and its event are the decoded file's. A codestream that cannot be
 * decoded is bad input ({@code UNDECODABLE_PIXEL_DATA}); a decoder that cannot run is a fault of this side.
 *
 * <p>The source file is never moved or deleted here: its owner (the SCP's and STOW-RS's spool, the
 * watched folder) removes it once the outcome is final, and keeps it when the failure was transient.
 *
 * <p>Log lines name only rejected-object file names, which are random: never UIDs, patient data or a
 * folder file's own name, which a sender chose.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);

    /** What happened to one object; {@code accepted} is false when it went to the dead-letter topic. */
    public record Outcome(boolean accepted, String sopClassUid, String sopInstanceUid, String reason) {}

    private final PhiStore store;
    private final EventPublisher publisher;
    private final Transcoder transcoder;
    private final StudyTracer tracer;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public IngestService(StoreConfig store, GatewayConfig gateway, EventPublisher publisher, StudyTracer tracer) {
        this(
                new PhiStore(store.phiRoot(), store.rejectedMaxSize().asLongValue()),
                publisher,
                new Transcoder(
                        gateway.transcode().gdcmconv(),
                        gateway.transcode().timeout(),
                        DicomLimits.DEFAULTS.maxObjectBytes(),
                        gateway.transcode().maxConcurrent(),
                        gateway.transcode().maxMemory().asLongValue()),
                tracer);
    }

    /** Outside CDI: tests and the ingest benchmark. */
    public IngestService(Path phiRoot, EventPublisher publisher) {
        this(new PhiStore(phiRoot), publisher);
    }

    public IngestService(PhiStore store, EventPublisher publisher) {
        this(store, publisher, Transcoder.defaults());
    }

    public IngestService(PhiStore store, EventPublisher publisher, Transcoder transcoder) {
        this(store, publisher, transcoder, StudyTracer.noop());
    }

    /** @param tracer starts each image's trace with its {@link Stage#RECEIPT} span */
    public IngestService(PhiStore store, EventPublisher publisher, Transcoder transcoder, StudyTracer tracer) {
        this.store = store;
        this.publisher = publisher;
        this.transcoder = transcoder;
        this.tracer = tracer;
    }

    public PhiStore store() {
        return store;
    }

    /**
     * Ingests {@code file}, which stays where it is.
     *
     * @throws PublishException when Kafka did not acknowledge: transient, the sender must try again
     * @throws IOException when the store could not be read or written: transient, the sender must try again
     */
    public Outcome ingest(Path file, IngestSource source, String callingAeTitle, String calledAeTitle)
            throws PublishException, IOException {
        return ingest(file, null, -1, source, callingAeTitle, calledAeTitle);
    }

    /**
     * Like {@link #ingest(Path, IngestSource, String, String)} for a file that the caller already wrote,
     * fsynced and digested on the way in (the C-STORE SCP and STOW-RS).
     */
    public Outcome ingestReceived(
            Path file, String sha256, long sizeBytes, IngestSource source, String callingAeTitle, String calledAeTitle)
            throws PublishException, IOException {
        return ingest(file, sha256, sizeBytes, source, callingAeTitle, calledAeTitle);
    }

    private Outcome ingest(
            Path file,
            String knownSha256,
            long knownSize,
            IngestSource source,
            String callingAeTitle,
            String calledAeTitle)
            throws PublishException, IOException {
        Instant receivedAt = clock.instant();
        String sha256 = knownSha256 != null ? knownSha256 : ObjectStores.sha256(file);
        long size = knownSha256 != null ? knownSize : Files.size(file);
        DicomHeader header;
        Path stored;
        try {
            header = DicomObjects.readRoutingHeader(file);
            stored = store.pathOf(header.studyInstanceUid(), header.sopInstanceUid());
        } catch (UnreadableDicomException e) {
            return reject(file, sha256, source, "UNREADABLE_DICOM", e.getMessage());
        } catch (IllegalArgumentException e) {
            return reject(file, sha256, source, "INVALID_UID", e.getMessage());
        }
        if (!Transcoder.decodes(header.transferSyntaxUid())) {
            return place(
                    file,
                    sha256,
                    size,
                    knownSha256 == null,
                    header,
                    stored,
                    receivedAt,
                    source,
                    callingAeTitle,
                    calledAeTitle);
        }
        Path decoded = null;
        try {
            DicomHeader decodedHeader;
            try {
                decoded = transcoder.transcode(file, store.spool());
                decodedHeader = DicomObjects.readRoutingHeader(decoded);
                Transcoder.checkSameObject(header, decodedHeader);
            } catch (Transcoder.UndecodableException e) {
                return reject(file, sha256, source, "UNDECODABLE_PIXEL_DATA", e.getMessage());
            } catch (UnreadableDicomException e) {
                return reject(
                        file,
                        sha256,
                        source,
                        "UNDECODABLE_PIXEL_DATA",
                        "the decoded object is refused: " + e.getMessage());
            }
            // gdcmconv does not fsync: the decoded file is made durable before it is announced.
            store.force(decoded);
            return place(
                    decoded,
                    ObjectStores.sha256(decoded),
                    Files.size(decoded),
                    false,
                    decodedHeader,
                    stored,
                    receivedAt,
                    source,
                    callingAeTitle,
                    calledAeTitle);
        } finally {
            if (decoded != null) {
                Files.deleteIfExists(decoded);
            }
        }
    }

    /** Places {@code file} at {@code stored} and announces it; {@code force} when nobody fsynced it yet. */
    private Outcome place(
            Path file,
            String sha256,
            long size,
            boolean force,
            DicomHeader header,
            Path stored,
            Instant receivedAt,
            IngestSource source,
            String callingAeTitle,
            String calledAeTitle)
            throws PublishException, IOException {
        PhiStore.Placement placement = store.place(file, stored, sha256);
        if (placement == PhiStore.Placement.COLLISION) {
            return reject(
                    file,
                    sha256,
                    source,
                    "UID_COLLISION",
                    "an object with the same Study and SOP Instance UIDs " + "and other content is already stored at "
                            + stored.toUri() + "; it is kept, and this one too");
        }
        if (placement == PhiStore.Placement.STORED && force) {
            // Folder files were written by someone else: make them durable before announcing them.
            store.force(stored);
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
        // The image's trace starts here, at its receipt; its context travels in the event's headers.
        Span receipt = tracer.start(Stage.RECEIPT, Context.root(), StudyTracer.epochNanos(receivedAt));
        Headers headers = new RecordHeaders();
        tracer.handOff(receipt, headers);
        publisher.publish(Topics.PHI_RADIOGRAPH_RECEIVED, header.studyInstanceUid(), event, headers);
        LOG.debugf(
                "ingested an object from %s%s",
                source, placement == PhiStore.Placement.ALREADY_STORED ? " (resent: already stored)" : "");
        return new Outcome(true, header.sopClassUid(), header.sopInstanceUid(), null);
    }

    /**
     * Keeps the refused object in the store's rejected area and dead-letters it by claim check. When the
     * dead letter is not acknowledged the kept copy goes again: the source is still there to retry.
     */
    private Outcome reject(Path file, String sha256, IngestSource source, String errorType, String reason)
            throws PublishException, IOException {
        Path kept = store.keepRejected(file);
        String fullReason = source + " object rejected: " + reason;
        DeadLetter letter = DeadLetters.letter("gateway", errorType, fullReason, null, clock.instant())
                .setObjectUri(kept.toAbsolutePath().toUri().toString())
                .setObjectSha256(sha256)
                .build();
        try {
            publisher.publish(Topics.PHI_DEAD_LETTER, kept.getFileName().toString(), letter);
        } catch (PublishException e) {
            store.forgetRejected(kept);
            throw e;
        }
        LOG.warnf(
                "dead-lettered an object from %s, kept as %s (%s; reason on phi-dead-letter-v1)",
                source, kept.getFileName(), errorType);
        return new Outcome(false, null, null, fullReason);
    }
}
