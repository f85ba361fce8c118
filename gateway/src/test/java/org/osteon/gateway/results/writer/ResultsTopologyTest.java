package org.osteon.gateway.results.writer;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.events.DeadLetter;
import org.osteon.events.DeidentificationAudit;
import org.osteon.events.DeidentificationOutcome;
import org.osteon.events.ResultObject;
import org.osteon.events.ResultObjectType;
import org.osteon.events.Triage;
import org.osteon.events.TriageDecision;
import org.osteon.platform.dicom.DicomObjects;
import org.osteon.platform.store.ObjectStores;
import org.osteon.schemas.topic.Topics;

/** The join of decisions with de-identification audits, and what it writes, on TopologyTestDriver. */
class ResultsTopologyTest {

    private static final Path SAMPLE = Path.of("..", "samples", "radiographs", "03-malignant-femur.dcm");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T08:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, DeidentificationAudit> audits;
    private TestInputTopic<String, TriageDecision> decisions;
    private TestOutputTopic<String, ResultObject> objects;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private Path phiRoot;
    private Path researchRoot;
    private String studyUid;
    private String sopUid;
    private Path original;

    @BeforeEach
    void start() throws Exception {
        phiRoot = Files.createDirectories(dir.resolve("phi"));
        researchRoot = Files.createDirectories(dir.resolve("research"));
        AttributeList list = DicomObjects.read(SAMPLE);
        studyUid = DicomObjects.string(list, TagFromName.StudyInstanceUID);
        sopUid = DicomObjects.string(list, TagFromName.SOPInstanceUID);
        original = ObjectStores.phiPath(phiRoot, studyUid, sopUid);
        Files.createDirectories(original.getParent());
        Files.copy(SAMPLE, original);
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, ResultsTopology.APPLICATION_ID);
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        driver = new TopologyTestDriver(
                ResultsTopology.build(new ResultMaker(phiRoot, researchRoot, CLOCK), CLOCK), properties);
        audits = driver.createInputTopic(
                Topics.PHI_DEID_AUDIT.name(),
                Topics.PHI_DEID_AUDIT.keySerde().serializer(),
                Topics.PHI_DEID_AUDIT.valueSerde().serializer());
        decisions = driver.createInputTopic(
                Topics.TRIAGE_DECISION.name(),
                Topics.TRIAGE_DECISION.keySerde().serializer(),
                Topics.TRIAGE_DECISION.valueSerde().serializer());
        objects = driver.createOutputTopic(
                Topics.PHI_RESULT_OBJECT.name(),
                Topics.PHI_RESULT_OBJECT.keySerde().deserializer(),
                Topics.PHI_RESULT_OBJECT.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(
                Topics.PHI_DEAD_LETTER.name(),
                Topics.PHI_DEAD_LETTER.keySerde().deserializer(),
                Topics.PHI_DEAD_LETTER.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldWriteAStructuredReportAndAPresentationStateIntoTheOriginalStudy() throws Exception {
        audits.pipeInput(studyUid, audit("instancea", original.toUri().toString()));
        decisions.pipeInput("studya", decision("instancea", Triage.ESCALATE, camFile()));

        List<ResultObject> written = objects.readValuesToList();

        assertThat(written)
                .extracting(ResultObject::getObjectType)
                .containsExactly(ResultObjectType.SR, ResultObjectType.GSPS);
        for (ResultObject object : written) {
            assertThat(object.getStudyInstanceUid()).isEqualTo(studyUid);
            assertThat(object.getSourceSopInstanceUid()).isEqualTo(sopUid);
            assertThat(object.getModelVersion()).isEqualTo("9.9.9");
            assertThat(object.getDecision()).isEqualTo(Triage.ESCALATE);
            Path file = Path.of(java.net.URI.create(object.getObjectUri()));
            assertThat(file).startsWith(phiRoot.resolve("results"));
            assertThat(ObjectStores.sha256(file)).isEqualTo(object.getObjectSha256());
            AttributeList result = DicomObjects.read(file);
            assertThat(DicomObjects.string(result, TagFromName.StudyInstanceUID))
                    .isEqualTo(studyUid);
            assertThat(DicomObjects.string(result, TagFromName.SOPInstanceUID)).isEqualTo(object.getSopInstanceUid());
        }
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldMakeTheSameObjectsWhenADecisionIsRedone() throws Exception {
        audits.pipeInput(studyUid, audit("instancea", original.toUri().toString()));
        TriageDecision decision = decision("instancea", Triage.REVIEW, null);
        decisions.pipeInput("studya", decision);
        List<ResultObject> first = objects.readValuesToList();
        byte[] firstBytes =
                Files.readAllBytes(Path.of(java.net.URI.create(first.get(0).getObjectUri())));

        decisions.pipeInput("studya", decision);
        List<ResultObject> second = objects.readValuesToList();

        assertThat(second)
                .extracting(ResultObject::getSopInstanceUid)
                .containsExactlyElementsOf(
                        first.stream().map(ResultObject::getSopInstanceUid).toList());
        assertThat(second)
                .extracting(ResultObject::getObjectSha256)
                .containsExactlyElementsOf(
                        first.stream().map(ResultObject::getObjectSha256).toList());
        assertThat(Files.readAllBytes(Path.of(java.net.URI.create(second.get(0).getObjectUri()))))
                .isEqualTo(firstBytes);
    }

    @Test
    void shouldWriteNothingForAnImageThatWasNotScored() {
        audits.pipeInput(studyUid, audit("instancea", original.toUri().toString()));
        TriageDecision notScored = decision("instancea", Triage.NOT_SCORED, null);
        notScored.setMalignantProbability(null);
        notScored.setModelVersion(null);
        decisions.pipeInput("studya", notScored);

        assertThat(objects.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterADecisionWithoutAnAuditOrWithAMissingOriginal() throws Exception {
        audits.pipeInput(
                studyUid,
                audit(
                        "instancegone",
                        original.getParent().resolve("1.2.3.dcm").toUri().toString()));
        DeidentificationAudit quarantined = audit("instanceq", original.toUri().toString());
        quarantined.setOutcome(DeidentificationOutcome.QUARANTINED);
        audits.pipeInput(studyUid, quarantined);

        decisions.pipeInput("studya", decision("instanceunknown", Triage.ESCALATE, null));
        decisions.pipeInput("studya", decision("instancegone", Triage.ESCALATE, null));
        decisions.pipeInput("studya", decision("instanceq", Triage.ESCALATE, null));

        assertThat(objects.isEmpty()).isTrue();
        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertThat(letters)
                .extracting(DeadLetter::getErrorType)
                .containsExactly("NO_DEIDENTIFICATION_AUDIT", "OBJECT_MISSING", "NO_DEIDENTIFICATION_AUDIT");
        assertThat(letters).allSatisfy(letter -> {
            assertThat(letter.getStage()).isEqualTo("results");
            assertThat(letter.getSourceTopic()).isEqualTo(Topics.TRIAGE_DECISION.name());
            assertThat(letter.getPayload()).isNotNull();
        });
    }

    @Test
    void shouldDeadLetterADecisionNoObjectCanBeWrittenForAndGoOn() throws Exception {
        audits.pipeInput(studyUid, audit("instancea", original.toUri().toString()));
        TriageDecision impossible = decision("instancea", Triage.ESCALATE, null);
        impossible.setMalignantProbability(1.5);
        decisions.pipeInput("studya", impossible);
        decisions.pipeInput("studya", decision("instancea", Triage.ESCALATE, null));

        // The bad decision costs one dead letter, not a stream that fails on it forever.
        assertThat(deadLetters.readValuesToList())
                .extracting(DeadLetter::getErrorType)
                .containsExactly("RESULT_NOT_WRITABLE");
        assertThat(objects.readValuesToList()).hasSize(2);
    }

    @Test
    void shouldRefuseAnAuditWhoseClaimCheckLeavesThePhiStore() throws Exception {
        Path outside = Files.copy(SAMPLE, dir.resolve("outside.dcm"));
        audits.pipeInput(studyUid, audit("instancea", outside.toUri().toString()));
        decisions.pipeInput("studya", decision("instancea", Triage.ESCALATE, null));

        assertThat(objects.isEmpty()).isTrue();
        assertThat(deadLetters.readValuesToList())
                .extracting(DeadLetter::getErrorType)
                .containsExactly("CLAIM_CHECK_REFUSED");
    }

    private String camFile() throws Exception {
        // A hot cell near the middle of a 12 x 12 map: a region to outline.
        float[] cam = new float[144];
        cam[5 * 12 + 6] = 1.0f;
        cam[5 * 12 + 7] = 0.8f;
        ByteBuffer bytes = ByteBuffer.allocate(cam.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(cam);
        Path file = Files.createDirectories(researchRoot.resolve("studya")).resolve("instancea.dcm.cam-m-1.f32");
        Files.write(file, bytes.array());
        return file.toUri().toString();
    }

    private DeidentificationAudit audit(String instanceKey, String sourceUri) {
        return DeidentificationAudit.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAuditedAt(CLOCK.instant())
                .setReceivedEventId(UUID.randomUUID().toString())
                .setSopInstanceUid(sopUid)
                .setSourceObjectUri(sourceUri)
                .setOutcome(DeidentificationOutcome.DEIDENTIFIED)
                .setReason(null)
                .setStudyKey("studya")
                .setInstanceKey(instanceKey)
                .setDeidentifiedObjectUri(null)
                .setProfileId("test")
                .setProfileVersion("1")
                .setOptions(List.of())
                .setDateShiftDays(null)
                .setActions(List.of())
                .build();
    }

    private static TriageDecision decision(String instanceKey, Triage triage, String camUri) {
        return TriageDecision.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setReceivedAt(CLOCK.instant())
                .setDecidedAt(CLOCK.instant())
                .setStudyKey("studya")
                .setInstanceKey(instanceKey)
                .setDecision(triage)
                .setReason("test")
                .setMalignantProbability(0.91)
                .setUncertainty(0.12)
                .setModelVersion("9.9.9")
                .setProvenance("Osteon research prototype, NOT FOR CLINICAL USE")
                .setThresholdsVersion("osteon-bone-xr@9.9.9;escalate=0.5;review=0.7")
                .setSite("test")
                .setObjectUri(null)
                .setCamUri(camUri)
                .setCamShape(camUri == null ? List.of() : List.of(12, 12))
                .build();
    }
}
