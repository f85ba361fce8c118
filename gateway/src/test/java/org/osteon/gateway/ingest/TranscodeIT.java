package org.osteon.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.osteon.events.DeadLetter;
import org.osteon.events.IngestSource;
import org.osteon.events.RadiographReceived;
import org.osteon.gateway.publish.EventPublisher;
import org.osteon.gateway.scp.CStoreGateway;
import org.osteon.gateway.scp.DcmtkPeer;
import org.osteon.gateway.scp.StorageScp;
import org.osteon.gateway.store.PhiStore;
import org.osteon.platform.dicom.DicomLimits;
import org.osteon.platform.store.ObjectStores;
import org.osteon.schemas.topic.Topics;
import org.osteon.testsupport.InJvmKafka;

/**
 * JPEG 2000 and JPEG-LS from a real dcmtk sender through negotiation, decoding and the PHI store, on
 * a real in-JVM broker: the stored object and its event are the decoded file's; a corrupt codestream
 * is dead-lettered and answered C000; a decode past its timeout is bad input; a missing gdcmconv is a
 * fault of ours (A700) and never a dead letter; the spool is always left empty.
 */
class TranscodeIT {

    private static InJvmKafka kafka;
    private static EventPublisher publisher;

    @TempDir
    Path dir;

    private PhiStore store;
    private IngestService ingest;
    private StorageScp scp;
    private IngestTopicsReader topics;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = InJvmKafka.start();
        InJvmKafka.createTopics(kafka.bootstrapServers(), 1);
        publisher = new EventPublisher(kafka.bootstrapServers(), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        publisher.close();
        kafka.close();
    }

    @BeforeEach
    void start() throws Exception {
        store = new PhiStore(dir.resolve("phi"));
        startScp(Transcoder.defaults());
        topics = new IngestTopicsReader(kafka.bootstrapServers());
    }

    private void startScp(Transcoder transcoder) throws Exception {
        if (scp != null) {
            scp.close();
        }
        ingest = new IngestService(store, publisher, transcoder);
        IngestService current = ingest;
        scp = StorageScp.start(
                new StorageScp.Settings(0, "OSTEON", null, 4, null),
                store.spool(),
                object -> CStoreGateway.received(current, object));
    }

    @AfterEach
    void stop() {
        topics.close();
        scp.close();
    }

    @ParameterizedTest
    @EnumSource(EncodedSamples.class)
    @Timeout(120)
    void shouldNegotiateDecodeStoreAndAnnounceTheDecodedObject(EncodedSamples syntax) throws Exception {
        Path encoded = syntax.write(dir.resolve("encoded.dcm"));
        AttributeList sent = new AttributeList();
        sent.read(encoded.toFile(), TagFromName.PixelData);

        // storescu proposes the file's own syntax in a context of its own, as a PACS forwarding it does.
        DcmtkPeer peer = storescu(syntax.propose, encoded).ok();

        // Sent as archived: storescu converts nothing, the gateway accepted the file's own syntax.
        assertThat(peer.output()).containsPattern("Converting transfer syntax: (JPEG[^\\n]*) -> \\1\\R");
        RadiographReceived event =
                topics.await(Topics.PHI_RADIOGRAPH_RECEIVED, 1).get(0);
        Path stored = Path.of(java.net.URI.create(event.getObjectUri()));
        assertThat(stored).startsWith(store.root());
        assertThat(event.getTransferSyntaxUid()).isEqualTo(TransferSyntax.ExplicitVRLittleEndian);
        assertThat(event.getObjectSha256()).isEqualTo(ObjectStores.sha256(stored));
        assertThat(event.getObjectSizeBytes()).isEqualTo(Files.size(stored));
        assertThat(event.getSopInstanceUid())
                .isEqualTo(sent.get(TagFromName.SOPInstanceUID).getSingleStringValueOrNull());
        assertThat(event.getStudyInstanceUid())
                .isEqualTo(sent.get(TagFromName.StudyInstanceUID).getSingleStringValueOrNull());
        assertThat(DcmtkPeer.run("dcmdump", "+P", "0002,0010", stored.toString())
                        .ok()
                        .output())
                .contains("LittleEndianExplicit");
        AttributeList list = EncodedSamples.read(stored);
        if (syntax.lossless) {
            assertThat(EncodedSamples.pixels(stored)).isEqualTo(EncodedSamples.pixels(EncodedSamples.SAMPLE));
        } else {
            assertThat(list.get(TagFromName.LossyImageCompression).getSingleStringValueOrNull())
                    .isEqualTo("01");
        }
        assertThat(store.spool()).isEmptyDirectory();

        // A resend decodes to the same bytes: recognised as already stored, not a UID collision.
        storescu(syntax.propose, encoded).ok();
        assertThat(topics.await(Topics.PHI_RADIOGRAPH_RECEIVED, 1).get(0).getObjectSha256())
                .isEqualTo(event.getObjectSha256());
        assertThat(topics.quiet(Duration.ofSeconds(1))).as("no dead letter").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EncodedSamples.class)
    @Timeout(120)
    void shouldDeadLetterACorruptCodestreamAndKeepServing(EncodedSamples syntax) throws Exception {
        Path corrupt = EncodedSamples.corrupt(syntax.write(dir.resolve("encoded.dcm")), dir.resolve("corrupt.dcm"));

        DcmtkPeer peer = storescu(syntax.propose, corrupt);

        assertThat(peer.output()).contains("Error: CannotUnderstand");
        DeadLetter letter = topics.await(Topics.PHI_DEAD_LETTER, 1).get(0);
        assertThat(letter.getErrorType()).isEqualTo("UNDECODABLE_PIXEL_DATA");
        assertThat(letter.getReason()).contains("cannot decode the pixel data");
        Path kept = Path.of(java.net.URI.create(letter.getObjectUri()));
        assertThat(kept).startsWith(store.rejected());
        // The dead letter names what was received, not a decoding of it.
        assertThat(ObjectStores.sha256(kept)).isEqualTo(letter.getObjectSha256());
        assertThat(DcmtkPeer.run("dcmdump", "+P", "0002,0010", kept.toString())
                        .ok()
                        .output())
                .contains("JPEG");
        assertThat(store.spool()).isEmptyDirectory();
        assertThat(topics.quiet(Duration.ofSeconds(1))).as("nothing announced").isEmpty();
        DcmtkPeer.run("echoscu", "-aec", "OSTEON", "localhost", Integer.toString(scp.port()))
                .ok();
    }

    @Test
    @Timeout(120)
    void shouldDeadLetterAFolderObjectWhoseDecodeRunsPastTheTimeout() throws Exception {
        Path encoded = EncodedSamples.J2K_LOSSLESS.write(dir.resolve("encoded.dcm"));
        IngestService impatient = new IngestService(
                store,
                publisher,
                new Transcoder(
                        Transcoder.DEFAULT_GDCMCONV, Duration.ofMillis(1), DicomLimits.DEFAULTS.maxObjectBytes()));

        IngestService.Outcome outcome = impatient.ingest(encoded, IngestSource.FOLDER, null, null);

        assertThat(outcome.accepted()).isFalse();
        DeadLetter letter = topics.await(Topics.PHI_DEAD_LETTER, 1).get(0);
        assertThat(letter.getErrorType()).isEqualTo("UNDECODABLE_PIXEL_DATA");
        assertThat(letter.getReason()).contains("longer than");
        assertThat(store.spool()).isEmptyDirectory();
    }

    @Test
    @Timeout(120)
    void shouldAnswerOutOfResourcesWithoutADeadLetterWhenGdcmconvIsMissing() throws Exception {
        startScp(new Transcoder(dir.resolve("missing/gdcmconv"), Duration.ofSeconds(10), 1L << 28));
        Path encoded = EncodedSamples.JLS_LOSSLESS.write(dir.resolve("encoded.dcm"));

        DcmtkPeer peer = storescu("-xt", encoded);

        assertThat(peer.output()).contains("Refused: OutOfResources").doesNotContain("CannotUnderstand");
        assertThat(topics.quiet(Duration.ofSeconds(2)))
                .as("a missing decoder is not bad input")
                .isEmpty();
        assertThat(store.spool()).isEmptyDirectory();

        startScp(Transcoder.defaults());
        storescu("-xt", encoded).ok();
        assertThat(topics.await(Topics.PHI_RADIOGRAPH_RECEIVED, 1)).hasSize(1);
    }

    private DcmtkPeer storescu(String propose, Path file) throws Exception {
        return DcmtkPeer.run(
                "storescu",
                "-v",
                "-aet",
                "PACS",
                "-aec",
                "OSTEON",
                propose,
                "localhost",
                Integer.toString(scp.port()),
                file.toString());
    }
}
