package org.osteon.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.events.DeadLetter;
import org.osteon.gateway.folder.FolderGateway;
import org.osteon.gateway.publish.EventPublisher;
import org.osteon.gateway.scp.CStoreGateway;
import org.osteon.gateway.scp.DcmtkPeer;
import org.osteon.gateway.scp.RawStoreScu;
import org.osteon.gateway.scp.StorageScp;
import org.osteon.gateway.store.PhiStore;
import org.osteon.platform.store.ObjectStores;
import org.osteon.schemas.topic.Topics;
import org.osteon.testsupport.InJvmKafka;
import org.osteon.testsupport.dicom.MalformedDicom;
import org.osteon.testsupport.dicom.TestDicom;

/**
 * The gateway's fault paths on a real in-JVM broker, with dcmtk and a raw SCU as senders: bad input
 * is dead-lettered by claim check (never by its bytes) and answered C000; a full disk is transient
 * (A700), never C000; a stored object is never overwritten; the spool is always left empty; hostile
 * structure is refused before PixelMed on C-STORE and in the watched folder, and the SCP keeps serving.
 */
class IngestFaultsIT {

    private static InJvmKafka kafka;
    private static EventPublisher publisher;

    @TempDir
    Path dir;

    private final AtomicBoolean diskFull = new AtomicBoolean();
    private Path phi;
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
        phi = dir.resolve("phi");
        // The injected fault: every write into the store fails as a full disk does.
        store = new PhiStore(phi) {
            @Override
            protected void link(Path source, Path target) throws IOException {
                if (diskFull.get()) {
                    throw new java.nio.file.FileSystemException(target.toString(), null, "No space left on device");
                }
                super.link(source, target);
            }
        };
        ingest = new IngestService(store, publisher);
        scp = StorageScp.start(
                new StorageScp.Settings(0, "OSTEON", null, 4, null),
                store.spool(),
                object -> CStoreGateway.received(ingest, object));
        topics = new IngestTopicsReader(kafka.bootstrapServers());
    }

    @AfterEach
    void stop() {
        topics.close();
        scp.close();
    }

    @Test
    @Timeout(120)
    void shouldDeadLetterABigObjectWithAnInvalidStudyUidByClaimCheckAndLeaveNoSpoolFile() throws Exception {
        AttributeList list = TestDicom.radiograph("1.2.826.0.1.3680043.9.7777.50.1");
        TestDicom.addPixels(list, 1620, 1620);
        list.get(TagFromName.StudyInstanceUID).setValue("../../etc/not-a-uid");
        Path big = TestDicom.write(list, dir.resolve("big.dcm"));
        assertThat(Files.size(big)).isGreaterThan(5L << 20);

        DcmtkPeer peer = storescu(big);

        assertThat(peer.output()).contains("Error: CannotUnderstand");
        List<DeadLetter> letters = topics.await(Topics.PHI_DEAD_LETTER, 1);
        DeadLetter letter = letters.get(0);
        assertThat(letter.getErrorType()).isEqualTo("INVALID_UID");
        assertThat(letter.getPayload()).isNull();
        Path kept = Path.of(java.net.URI.create(letter.getObjectUri()));
        assertThat(kept).startsWith(store.rejected());
        assertThat(ObjectStores.sha256(kept)).isEqualTo(letter.getObjectSha256());
        assertThat(store.spool()).isEmptyDirectory();
        assertThat(topics.quiet(Duration.ofSeconds(2)))
                .as("exactly one dead letter")
                .isEmpty();
    }

    @Test
    @Timeout(120)
    void shouldAnswerOutOfResourcesNotCannotUnderstandWhenTheDiskIsFull() throws Exception {
        Path file = TestDicom.writeRadiograph(dir.resolve("cr.dcm"), "1.2.826.0.1.3680043.9.7777.51.1");
        diskFull.set(true);

        DcmtkPeer full = storescu(file);

        assertThat(full.output()).contains("Refused: OutOfResources").doesNotContain("CannotUnderstand");
        assertThat(topics.quiet(Duration.ofSeconds(2)))
                .as("a full disk is not bad input: no dead letter")
                .isEmpty();
        assertThat(store.spool()).isEmptyDirectory();

        diskFull.set(false);
        storescu(file).ok();
        assertThat(topics.await(Topics.PHI_RADIOGRAPH_RECEIVED, 1)).hasSize(1);
    }

    @Test
    @Timeout(120)
    void shouldKeepRefusedObjectsOnlyUpToTheBoundAndThenAnswerOutOfResources() throws Exception {
        PhiStore bounded = new PhiStore(dir.resolve("bounded"), 100_000);
        IngestService boundedIngest = new IngestService(bounded, publisher);
        byte[] garbage = new byte[60_000];
        Path first = Files.write(dir.resolve("first.bin"), garbage);
        Path second = Files.write(dir.resolve("second.bin"), garbage);
        try (StorageScp small = StorageScp.start(
                new StorageScp.Settings(0, "OSTEON", null, 4, null),
                bounded.spool(),
                object -> CStoreGateway.received(boundedIngest, object))) {
            String port = Integer.toString(small.port());

            assertThat(boundedIngest
                            .ingest(first, org.osteon.events.IngestSource.FOLDER, null, null)
                            .accepted())
                    .isFalse();
            topics.await(Topics.PHI_DEAD_LETTER, 1);
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> boundedIngest.ingest(second, org.osteon.events.IngestSource.FOLDER, null, null))
                    .isInstanceOf(PhiStore.RejectedAreaFullException.class);
            AttributeList list = TestDicom.radiograph("1.2.826.0.1.3680043.9.7777.56.1");
            TestDicom.addPixels(list, 256, 256);
            list.get(TagFromName.StudyInstanceUID).setValue("not-a-uid");
            DcmtkPeer full = DcmtkPeer.run(
                    "storescu",
                    "-v",
                    "-aet",
                    "PACS",
                    "-aec",
                    "OSTEON",
                    "localhost",
                    port,
                    TestDicom.write(list, dir.resolve("bad.dcm")).toString());

            assertThat(full.output()).contains("Refused: OutOfResources");
            assertThat(topics.quiet(Duration.ofSeconds(2)))
                    .as("nothing dead-lettered past the bound")
                    .isEmpty();
            try (Stream<Path> kept = Files.list(bounded.rejected())) {
                assertThat(kept).hasSize(1);
            }
            assertThat(bounded.spool()).isEmptyDirectory();
        }
    }

    @Test
    @Timeout(120)
    void shouldNeverOverwriteAStoredObjectWithAnotherOfTheSameUids() throws Exception {
        String sop = "1.2.826.0.1.3680043.9.7777.52.1";
        Path first = TestDicom.writeRadiograph(dir.resolve("first.dcm"), sop);
        AttributeList other = TestDicom.radiograph(sop);
        other.get(TagFromName.ImageComments).setValue("a different object under the same UIDs");
        Path second = TestDicom.write(other, dir.resolve("second.dcm"));

        storescu(first).ok();
        topics.await(Topics.PHI_RADIOGRAPH_RECEIVED, 1);
        Path stored = store.pathOf(TestDicom.STUDY_UID, sop);
        String original = ObjectStores.sha256(stored);
        DcmtkPeer collision = storescu(second);
        storescu(first).ok();

        assertThat(collision.output()).contains("Error: CannotUnderstand");
        assertThat(ObjectStores.sha256(stored)).isEqualTo(original);
        DeadLetter letter = topics.await(Topics.PHI_DEAD_LETTER, 1).get(0);
        assertThat(letter.getErrorType()).isEqualTo("UID_COLLISION");
        Path kept = Path.of(java.net.URI.create(letter.getObjectUri()));
        assertThat(ObjectStores.sha256(kept))
                .isEqualTo(letter.getObjectSha256())
                .isNotEqualTo(original);
        assertThat(new String(Files.readAllBytes(kept), java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("a different object under the same UIDs");
        // The resend of the first object is announced again (the sender may never have heard the answer).
        assertThat(topics.await(Topics.PHI_RADIOGRAPH_RECEIVED, 1)).hasSize(1);
        assertThat(store.spool()).isEmptyDirectory();
    }

    @Test
    @Timeout(120)
    void shouldRefuseHostileStructureOnCStoreBeforePixelMedAndKeepServing() throws Exception {
        byte[] nested =
                MalformedDicom.dataSet(MalformedDicom.nestedDeep(dir, 10_000).bytes());
        byte[] bomb = MalformedDicom.dataSet(MalformedDicom.deflateRatioBomb().bytes());

        int nestedStatus = RawStoreScu.store(
                scp.port(),
                "HOSTILE",
                TestDicom.CR,
                "1.2.826.0.1.3680043.9.7777.53.1",
                TransferSyntax.ExplicitVRLittleEndian,
                nested);
        int bombStatus = RawStoreScu.store(
                scp.port(),
                "HOSTILE",
                TestDicom.CR,
                "1.2.826.0.1.3680043.9.7777.53.2",
                TransferSyntax.DeflatedExplicitVRLittleEndian,
                bomb);

        assertThat(nestedStatus).isEqualTo(StorageScp.CANNOT_UNDERSTAND);
        assertThat(bombStatus).isEqualTo(StorageScp.CANNOT_UNDERSTAND);
        List<DeadLetter> letters = topics.await(Topics.PHI_DEAD_LETTER, 2);
        assertThat(letters)
                .extracting(DeadLetter::getReason)
                .anySatisfy(r -> assertThat(r).contains("nested deeper than"))
                .anySatisfy(r -> assertThat(r).contains("more than 100 times"));
        assertThat(store.spool()).isEmptyDirectory();
        DcmtkPeer.run("echoscu", "-aec", "OSTEON", "localhost", Integer.toString(scp.port()))
                .ok();
        storescu(TestDicom.writeRadiograph(dir.resolve("after.dcm"), "1.2.826.0.1.3680043.9.7777.53.3"))
                .ok();
    }

    @Test
    @Timeout(120)
    void shouldRefuseHostileStructureInTheWatchedFolderAndNeverFollowALink() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path outside = TestDicom.writeRadiograph(dir.resolve("outside.dcm"), "1.2.826.0.1.3680043.9.7777.54.1");
        Files.createSymbolicLink(inbox.resolve("link.dcm"), outside);
        Files.write(
                inbox.resolve("nested.dcm"),
                MalformedDicom.nestedDeep(dir, 10_000).bytes());
        Files.write(inbox.resolve("bomb.dcm"), MalformedDicom.deflateRatioBomb().bytes());
        FolderGateway folder = new FolderGateway(ingest);

        folder.poll(inbox);
        folder.poll(inbox);

        List<DeadLetter> letters = topics.await(Topics.PHI_DEAD_LETTER, 2);
        assertThat(letters)
                .extracting(DeadLetter::getReason)
                .anySatisfy(r -> assertThat(r).contains("nested deeper than"))
                .anySatisfy(r -> assertThat(r).contains("more than 100 times"));
        assertThat(topics.quiet(Duration.ofSeconds(2)))
                .as("the link is not followed")
                .isEmpty();
        try (Stream<Path> left = Files.list(inbox)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("link.dcm");
        }
        assertThat(outside).exists();
    }

    @Test
    @Timeout(120)
    void shouldKeepAFolderFileUntilItsEventIsAcknowledgedAndAnnounceItOnceTheStoreRecovers() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        TestDicom.writeRadiograph(inbox.resolve("cr.dcm"), "1.2.826.0.1.3680043.9.7777.55.1");
        FolderGateway folder = new FolderGateway(ingest);
        diskFull.set(true);

        folder.poll(inbox);
        folder.poll(inbox);
        assertThat(inbox.resolve("cr.dcm")).exists();
        assertThat(topics.quiet(Duration.ofSeconds(1))).isEmpty();

        diskFull.set(false);
        folder.poll(inbox);
        folder.poll(inbox);

        assertThat(topics.await(Topics.PHI_RADIOGRAPH_RECEIVED, 1)).hasSize(1);
        assertThat(inbox.resolve("cr.dcm")).doesNotExist();
    }

    private DcmtkPeer storescu(Path file) throws Exception {
        return DcmtkPeer.run(
                "storescu",
                "-v",
                "-aet",
                "PACS",
                "-aec",
                "OSTEON",
                "localhost",
                Integer.toString(scp.port()),
                file.toString());
    }
}
