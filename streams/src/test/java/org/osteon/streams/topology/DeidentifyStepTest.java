package org.osteon.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.events.DeadLetter;
import org.osteon.events.RadiographDeidentified;
import org.osteon.events.RadiographReceived;
import org.osteon.events.Triage;
import org.osteon.events.TriageDecision;
import org.osteon.platform.store.ObjectStores;
import org.osteon.schemas.topic.Topics;
import org.osteon.testsupport.dicom.MalformedDicom;
import org.osteon.testsupport.dicom.TestDicom;

class DeidentifyStepTest {

    @TempDir
    Path dir;

    private TopologyFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new TopologyFixture(dir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void shouldNeverPutAPatientIdentifierOnAResearchTopic() throws Exception {
        String sopUid = "1.2.826.0.1.3680043.9.7777.10.1";
        RadiographReceived received = fixture.received(TestDicom.writeRadiograph(dir.resolve("cr.dcm"), sopUid));

        fixture.input(Topics.PHI_RADIOGRAPH_RECEIVED).pipeInput(received.getStudyInstanceUid(), received);

        TestRecord<String, byte[]> raw =
                fixture.rawOutput(Topics.RADIOGRAPH_DEIDENTIFIED).readRecord();
        String bytes = new String(raw.value(), StandardCharsets.UTF_8) + raw.key();
        for (String phi : TestDicom.PLANTED_PHI) {
            assertThat(bytes).as("research event contains %s", phi).doesNotContain(phi);
        }
        assertThat(bytes).doesNotContain(sopUid);
        RadiographDeidentified event = Topics.RADIOGRAPH_DEIDENTIFIED
                .valueSerde()
                .deserializer()
                .deserialize(Topics.RADIOGRAPH_DEIDENTIFIED.name(), raw.value());
        Path file = Path.of(URI.create(event.getObjectUri()));
        String fileBytes = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        for (String phi : TestDicom.PLANTED_PHI) {
            assertThat(fileBytes).as("research object contains %s", phi).doesNotContain(phi);
        }
        assertThat(file).startsWith(fixture.researchRoot);
    }

    @Test
    void shouldDescribeAnEligibleRadiographByPseudonymsAndCharacteristics() throws Exception {
        RadiographReceived received =
                fixture.received(TestDicom.writeRadiograph(dir.resolve("cr.dcm"), "1.2.826.0.1.3680043.9.7777.11.1"));

        fixture.input(Topics.PHI_RADIOGRAPH_RECEIVED).pipeInput(received.getStudyInstanceUid(), received);

        TestRecord<String, RadiographDeidentified> record =
                fixture.output(Topics.RADIOGRAPH_DEIDENTIFIED).readRecord();
        RadiographDeidentified event = record.value();
        String studyKey = TopologyFixture.PSEUDONYMIZER.studyKey(TestDicom.STUDY_UID);
        assertThat(record.key()).isEqualTo(studyKey);
        assertThat(event.getStudyKey()).isEqualTo(studyKey);
        assertThat(event.getInstanceKey())
                .isEqualTo(TopologyFixture.PSEUDONYMIZER.instanceKey("1.2.826.0.1.3680043.9.7777.11.1"));
        assertThat(event.getPseudonymKeyId()).isEqualTo("test");
        assertThat(event.getEligible()).isTrue();
        assertThat(event.getIneligibleReason()).isNull();
        assertThat(event.getPatientAgeYears()).isEqualTo(45);
        assertThat(event.getPatientSex()).isEqualTo("F");
        assertThat(event.getBodyPartExamined()).isEqualTo("LEG");
        assertThat(event.getViewPosition()).isEqualTo("AP");
        assertThat(event.getLaterality()).isEqualTo("L");
        assertThat(event.getRows()).isEqualTo(16);
        assertThat(event.getReceivedAt()).isEqualTo(received.getReceivedAt());
        assertThat(event.getDeidentifiedAt()).isEqualTo(TopologyFixture.NOW);
        assertThat(Path.of(URI.create(event.getObjectUri())))
                .isEqualTo(fixture.researchRoot
                        .resolve(studyKey)
                        .resolve(event.getInstanceKey() + ".dcm")
                        .toAbsolutePath());
        assertThat(fixture.output(Topics.TRIAGE_DECISION).isEmpty())
                .as("eligible objects wait for the scorer")
                .isTrue();
    }

    @Test
    void shouldRouteCtAndStructuredReportsToNotScoredWithTheReason() throws Exception {
        RadiographReceived ct = fixture.received(TestDicom.write(
                TestDicom.object(TestDicom.CT, "CT", "1.2.826.0.1.3680043.9.7777.12.1", true), dir.resolve("ct.dcm")));
        RadiographReceived sr = fixture.received(TestDicom.write(
                TestDicom.object(TestDicom.BASIC_TEXT_SR, "SR", "1.2.826.0.1.3680043.9.7777.12.2", false),
                dir.resolve("sr.dcm")));

        fixture.input(Topics.PHI_RADIOGRAPH_RECEIVED).pipeInput(ct.getStudyInstanceUid(), ct);
        fixture.input(Topics.PHI_RADIOGRAPH_RECEIVED).pipeInput(sr.getStudyInstanceUid(), sr);

        var deidentified = fixture.output(Topics.RADIOGRAPH_DEIDENTIFIED).readValuesToList();
        assertThat(deidentified).extracting(RadiographDeidentified::getEligible).containsExactly(false, false);
        assertThat(deidentified.get(0).getIneligibleReason())
                .contains("CT Image Storage")
                .contains("not a projection radiograph");
        assertThat(deidentified.get(1).getIneligibleReason())
                .startsWith("no pixel data")
                .contains("Basic Text SR");
        var decisions = fixture.output(Topics.TRIAGE_DECISION).readValuesToList();
        assertThat(decisions)
                .extracting(TriageDecision::getDecision)
                .containsExactly(Triage.NOT_SCORED, Triage.NOT_SCORED);
        assertThat(decisions.get(0).getReason()).contains("CT Image Storage");
        assertThat(decisions.get(0).getReceivedAt()).isEqualTo(ct.getReceivedAt());
    }

    @Test
    void shouldDeadLetterGarbageWithItsOriginAndKeepStreaming() throws Exception {
        byte[] garbage = "not an avro record".getBytes(StandardCharsets.UTF_8);
        fixture.rawInput(Topics.PHI_RADIOGRAPH_RECEIVED).pipeInput("1.2.3", garbage);
        RadiographReceived good =
                fixture.received(TestDicom.writeRadiograph(dir.resolve("cr.dcm"), "1.2.826.0.1.3680043.9.7777.13.1"));
        fixture.input(Topics.PHI_RADIOGRAPH_RECEIVED).pipeInput(good.getStudyInstanceUid(), good);

        TestRecord<String, DeadLetter> letter =
                fixture.output(Topics.PHI_DEAD_LETTER).readRecord();
        assertThat(letter.key()).isEqualTo("1.2.3");
        assertThat(letter.value().getStage()).isEqualTo("deidentify");
        assertThat(letter.value().getErrorType()).isEqualTo("UNDECODABLE_RECORD");
        assertThat(letter.value().getSourceTopic()).isEqualTo(Topics.PHI_RADIOGRAPH_RECEIVED.name());
        assertThat(letter.value().getSourceOffset()).isEqualTo(0L);
        assertThat(letter.value().getPayload().array()).isEqualTo(garbage);
        assertThat(fixture.output(Topics.RADIOGRAPH_DEIDENTIFIED).readValuesToList())
                .hasSize(1);
    }

    @Test
    void shouldDeadLetterAClaimCheckWhoseDigestDoesNotMatch() throws Exception {
        RadiographReceived received =
                fixture.received(TestDicom.writeRadiograph(dir.resolve("cr.dcm"), "1.2.826.0.1.3680043.9.7777.14.1"));
        Files.write(
                Path.of(URI.create(received.getObjectUri())), new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);

        fixture.input(Topics.PHI_RADIOGRAPH_RECEIVED).pipeInput(received.getStudyInstanceUid(), received);

        DeadLetter letter = fixture.output(Topics.PHI_DEAD_LETTER).readValue();
        assertThat(letter.getErrorType()).isEqualTo("CLAIM_CHECK_MISMATCH");
        assertThat(letter.getObjectUri()).isEqualTo(received.getObjectUri());
        assertThat(letter.getReason()).contains(received.getObjectSha256());
        assertThat(fixture.output(Topics.RADIOGRAPH_DEIDENTIFIED).isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterAStoredObjectThatIsNotDicom() throws Exception {
        Path stored = Files.createDirectories(fixture.phiRoot.resolve("1.2.3")).resolve("1.2.3.4.dcm");
        Files.writeString(stored, "not dicom");
        RadiographReceived received = claiming(stored, "1.2.826.0.1.3680043.9.7777.15.1");

        fixture.input(Topics.PHI_RADIOGRAPH_RECEIVED).pipeInput(received.getStudyInstanceUid(), received);

        assertThat(fixture.output(Topics.PHI_DEAD_LETTER).readValue().getErrorType())
                .isEqualTo("UNREADABLE_DICOM");
    }

    @Test
    void shouldRetryAFullResearchStoreInsteadOfDeadLetteringTheRecord() throws Exception {
        RadiographReceived received =
                fixture.received(TestDicom.writeRadiograph(dir.resolve("cr.dcm"), "1.2.826.0.1.3680043.9.7777.17.1"));
        // The research store cannot be written: a file stands where its folder belongs.
        Files.delete(fixture.researchRoot);
        Files.writeString(fixture.researchRoot, "not a folder");

        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() ->
                fixture.input(Topics.PHI_RADIOGRAPH_RECEIVED).pipeInput(received.getStudyInstanceUid(), received));

        assertThat(failure).hasRootCauseInstanceOf(java.io.IOException.class);
        assertThat(new TransientFaultHandler().handle(failure))
                .isEqualTo(
                        org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                                .REPLACE_THREAD);
        assertThat(fixture.output(Topics.PHI_DEAD_LETTER).isEmpty())
                .as("a full disk is not bad input")
                .isTrue();
        assertThat(fixture.output(Topics.RADIOGRAPH_DEIDENTIFIED).isEmpty()).isTrue();

        Files.delete(fixture.researchRoot);
        Files.createDirectories(fixture.researchRoot);
        fixture.input(Topics.PHI_RADIOGRAPH_RECEIVED).pipeInput(received.getStudyInstanceUid(), received);

        assertThat(fixture.output(Topics.RADIOGRAPH_DEIDENTIFIED).readValue().getObjectUri())
                .startsWith("file:");
        assertThat(fixture.output(Topics.PHI_DEAD_LETTER).isEmpty()).isTrue();
    }

    @Test
    void shouldShutDownRatherThanRetryABug() {
        assertThat(new TransientFaultHandler().handle(new IllegalStateException("a bug")))
                .isEqualTo(
                        org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                                .SHUTDOWN_CLIENT);
    }

    @Test
    void shouldRefuseAClaimCheckOutsideThePhiStore() throws Exception {
        Path outside = TestDicom.writeRadiograph(dir.resolve("elsewhere.dcm"), "1.2.826.0.1.3680043.9.7777.16.1");
        RadiographReceived received = claiming(outside, "1.2.826.0.1.3680043.9.7777.16.2");

        fixture.input(Topics.PHI_RADIOGRAPH_RECEIVED).pipeInput(received.getStudyInstanceUid(), received);

        assertThat(fixture.output(Topics.PHI_DEAD_LETTER).readValue().getErrorType())
                .isEqualTo("CLAIM_CHECK_INVALID");
    }

    @Test
    void shouldRefuseALinkInThePhiStoreThatPointsOutsideIt() throws Exception {
        // Lexically inside the PHI store, really elsewhere: the shared resolver follows the link and refuses it.
        Path outside = TestDicom.writeRadiograph(dir.resolve("elsewhere.dcm"), "1.2.826.0.1.3680043.9.7777.16.3");
        Path link = Files.createSymbolicLink(
                Files.createDirectories(fixture.phiRoot.resolve("1.2.3")).resolve("4.dcm"), outside);
        RadiographReceived received = claiming(link, "1.2.826.0.1.3680043.9.7777.16.4");

        fixture.input(Topics.PHI_RADIOGRAPH_RECEIVED).pipeInput(received.getStudyInstanceUid(), received);

        assertThat(fixture.output(Topics.PHI_DEAD_LETTER).readValue().getErrorType())
                .isEqualTo("CLAIM_CHECK_INVALID");
    }

    @Test
    void shouldAuditEveryInstanceInThePhiZone() throws Exception {
        String sopUid = "1.2.826.0.1.3680043.9.7777.12.1";
        RadiographReceived received = fixture.received(TestDicom.writeRadiograph(dir.resolve("cr.dcm"), sopUid));

        fixture.input(Topics.PHI_RADIOGRAPH_RECEIVED).pipeInput(received.getStudyInstanceUid(), received);

        var audit = fixture.output(Topics.PHI_DEID_AUDIT).readRecord();
        assertThat(audit.key()).isEqualTo(TestDicom.STUDY_UID);
        assertThat(audit.value().getOutcome()).isEqualTo(org.osteon.events.DeidentificationOutcome.DEIDENTIFIED);
        assertThat(audit.value().getSopInstanceUid()).isEqualTo(sopUid);
        assertThat(audit.value().getReceivedEventId()).isEqualTo(received.getEventId());
        assertThat(audit.value().getProfileVersion()).isEqualTo("2024b.2");
        assertThat(audit.value().getOptions()).contains("retain-patient-characteristics");
        assertThat(audit.value().getDateShiftDays()).isBetween(1, 3650);
        assertThat(audit.value().getActions()).extracting(a -> a.getPath()).contains("(0008,0050)", "(0010,0030)");
        assertThat(fixture.output(Topics.RADIOGRAPH_DEIDENTIFIED)
                        .readRecord()
                        .value()
                        .getDeidentificationMethod())
                .contains("Retain Patient Characteristics Option")
                .contains("2024b.2");
    }

    @Test
    void shouldQuarantineBurnedInTextWithAReasonAndAnAuditAndNothingOnResearchTopics() throws Exception {
        var list = TestDicom.radiograph("1.2.826.0.1.3680043.9.7777.12.2");
        list.putNewAttribute(new com.pixelmed.dicom.AttributeTag(0x0028, 0x0301))
                .addValue("YES");
        RadiographReceived received = fixture.received(TestDicom.write(list, dir.resolve("cr.dcm")));

        fixture.input(Topics.PHI_RADIOGRAPH_RECEIVED).pipeInput(received.getStudyInstanceUid(), received);

        assertThat(fixture.rawOutput(Topics.RADIOGRAPH_DEIDENTIFIED).isEmpty()).isTrue();
        var audit = fixture.output(Topics.PHI_DEID_AUDIT).readRecord().value();
        assertThat(audit.getOutcome()).isEqualTo(org.osteon.events.DeidentificationOutcome.QUARANTINED);
        assertThat(audit.getDeidentifiedObjectUri()).isNull();
        DeadLetter letter = fixture.output(Topics.PHI_DEAD_LETTER).readRecord().value();
        assertThat(letter.getErrorType()).isEqualTo("QUARANTINED_BURNED_IN_ANNOTATION");
        assertThat(letter.getReason()).contains("Burned In Annotation is YES");
        assertThat(letter.getStage()).isEqualTo("deidentify");
        assertThat(letter.getObjectUri()).isEqualTo(received.getObjectUri());
        assertThat(fixture.phiRoot.resolve("quarantine").resolve("1.2.826.0.1.3680043.9.7777.12.2.dcm"))
                .exists();
    }

    @Test
    void shouldDeadLetterEveryMalformedObjectWithStageReasonAndReferenceAndLoseNothing() throws Exception {
        List<MalformedDicom.Case> cases = new ArrayList<>(MalformedDicom.cases(dir));
        cases.add(MalformedDicom.deflateBomb());
        List<RadiographReceived> sent = new ArrayList<>();
        sent.add(good(0));
        for (int i = 0; i < cases.size(); i++) {
            sent.add(malformed(i + 1, cases.get(i).bytes()));
        }
        sent.add(good(cases.size() + 1));

        for (RadiographReceived received : sent) {
            fixture.input(Topics.PHI_RADIOGRAPH_RECEIVED).pipeInput(received.getStudyInstanceUid(), received);
        }

        List<RadiographDeidentified> deidentified =
                fixture.output(Topics.RADIOGRAPH_DEIDENTIFIED).readValuesToList();
        assertThat(deidentified)
                .as("the good objects around the malformed ones")
                .hasSize(2);
        List<TestRecord<String, DeadLetter>> letters =
                fixture.output(Topics.PHI_DEAD_LETTER).readRecordsToList();
        assertThat(letters).hasSize(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            RadiographReceived received = sent.get(i + 1);
            TestRecord<String, DeadLetter> record = letters.get(i);
            DeadLetter letter = record.value();
            String name = cases.get(i).name();
            assertThat(record.key()).as(name).isEqualTo(received.getStudyInstanceUid());
            assertThat(letter.getStage()).as(name).isEqualTo("deidentify");
            assertThat(letter.getErrorType()).as(name).isEqualTo("UNREADABLE_DICOM");
            assertThat(letter.getReason())
                    .as(name)
                    .startsWith("malformed DICOM")
                    .containsPattern(cases.get(i).reason());
            assertThat(letter.getObjectUri()).as(name).isEqualTo(received.getObjectUri());
            assertThat(letter.getSourceTopic()).as(name).isEqualTo(Topics.PHI_RADIOGRAPH_RECEIVED.name());
            assertThat(letter.getSourceOffset()).as(name).isEqualTo(i + 1L);
            // Nothing lost: the dead letter holds the original event, which still points at the stored object.
            RadiographReceived replayed = Topics.PHI_RADIOGRAPH_RECEIVED
                    .valueSerde()
                    .deserializer()
                    .deserialize(
                            Topics.PHI_RADIOGRAPH_RECEIVED.name(),
                            letter.getPayload().array());
            assertThat(replayed).as(name).isEqualTo(received);
            assertThat(ObjectStores.sha256(Path.of(URI.create(letter.getObjectUri()))))
                    .as(name)
                    .isEqualTo(received.getObjectSha256());
        }
    }

    private RadiographReceived good(int n) throws Exception {
        return fixture.received(
                TestDicom.writeRadiograph(dir.resolve("good" + n + ".dcm"), "1.2.826.0.1.3680043.9.7777.20." + n));
    }

    /** Stores a good object as the gateway would, then replaces its bytes, as a broken sender or disk would. */
    private RadiographReceived malformed(int n, byte[] bytes) throws Exception {
        RadiographReceived received = good(n);
        Path stored = Path.of(URI.create(received.getObjectUri()));
        Files.write(stored, bytes);
        return RadiographReceived.newBuilder(received)
                .setObjectSha256(ObjectStores.sha256(stored))
                .setObjectSizeBytes(bytes.length)
                .build();
    }

    /**
     * The event of a radiograph received as {@code sopUid}, but whose claim check names {@code file} (with
     * that file's digest, through any link): what a forged or stale event would carry.
     */
    private RadiographReceived claiming(Path file, String sopUid) throws Exception {
        return RadiographReceived.newBuilder(fixture.received(TestDicom.writeRadiograph(dir.resolve("cr.dcm"), sopUid)))
                .setObjectUri(file.toUri().toString())
                .setObjectSha256(org.osteon.platform.store.ObjectStores.sha256(file))
                .build();
    }
}
