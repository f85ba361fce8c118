package org.osteon.worklist.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osteon.events.DeadLetter;
import org.osteon.events.DiagnosisFinding;
import org.osteon.events.DiagnosisSource;
import org.osteon.events.TriageDiagnosis;
import org.osteon.schemas.Provenance;
import org.osteon.schemas.key.StudyKeys;
import org.osteon.schemas.topic.Topics;
import org.osteon.worklist.diagnosis.hl7.OruListener;
import org.osteon.worklist.diagnosis.hl7.OruMessages;
import org.osteon.worklist.it.TestEvents.Study;

/**
 * Final diagnoses into triage-diagnosis-v1: the admin's REST intake (401/403/201/404/400) and the HL7
 * ORU^R01 listener, driven by HAPI's own MLLP client, over real PostgreSQL and Kafka: AA and the event,
 * AE for an unknown study, AR for a refused message, both dead-lettered; a bounded number of connections;
 * and no patient identifier in any event or log line.
 */
@QuarkusTest
@TestProfile(DiagnosisIT.ListenerOn.class)
@QuarkusTestResource(value = WorklistTestResources.class, restrictToAnnotatedClass = true)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DiagnosisIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int MAX_BYTES = 2048;

    /** The listener on, on any free port, for PATHLIS only, with small bounds to test them. */
    public static class ListenerOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "osteon.diagnoses.hl7.enabled", "true",
                    "osteon.diagnoses.hl7.port", "0",
                    "osteon.diagnoses.hl7.bind-address", "127.0.0.1",
                    "osteon.diagnoses.hl7.allowed-sending-applications", OruMessages.APPLICATION,
                    "osteon.diagnoses.hl7.max-message-bytes", Integer.toString(MAX_BYTES),
                    "osteon.diagnoses.hl7.max-connections", "2",
                    "osteon.diagnoses.hl7.idle-timeout", "20s");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    StudyKeys studyKeys;

    @Inject
    OruListener listener;

    private KafkaIO kafka;
    private HapiContext hapi;
    private LogCapture logs;

    @BeforeEach
    void open() {
        kafka = new KafkaIO(bootstrapServers);
        hapi = new DefaultHapiContext();
        hapi.setValidationContext(ValidationContextFactory.noValidation());
        hapi.setExecutorService(Executors.newCachedThreadPool());
        logs = LogCapture.install();
    }

    @AfterEach
    void close() throws Exception {
        logs.close();
        kafka.close();
        hapi.close();
    }

    /** A study the worklist knows with its accession number (from phi-radiograph-received-v1). */
    private String known(Study study) throws Exception {
        String key = studyKeys.studyKey(study.uid());
        kafka.send(Topics.PHI_RADIOGRAPH_RECEIVED, study.uid(), TestEvents.received(study, Instant.now()));
        Eventually.within(
                WAIT,
                () -> given().auth()
                        .preemptive()
                        .basic(TestUsers.ADMIN.name, TestUsers.ADMIN.password)
                        .get("/api/worklist/" + key)
                        .then()
                        .statusCode(200)
                        .body("accessionNumber", equalTo(study.accession())));
        return key;
    }

    private Message send(String text) throws Exception {
        Connection connection = hapi.newClient("127.0.0.1", listener.port(), false);
        try {
            connection.getInitiator().setTimeout(20, TimeUnit.SECONDS);
            return connection.getInitiator().sendAndReceive(hapi.getPipeParser().parse(text));
        } finally {
            connection.close();
        }
    }

    private static String msa(Message ack, int field) throws Exception {
        return new Terser(ack).get("/MSA-" + field);
    }

    private TriageDiagnosis diagnosisFor(String key, String recordedBy) {
        List<ConsumerRecord<String, byte[]>> records = kafka.await(
                Topics.TRIAGE_DIAGNOSIS,
                r -> key.equals(r.key()) && decode(r).getRecordedBy().equals(recordedBy),
                1,
                WAIT);
        return decode(records.get(0));
    }

    private static TriageDiagnosis decode(ConsumerRecord<String, byte[]> record) {
        return Topics.TRIAGE_DIAGNOSIS.valueSerde().deserializer().deserialize(record.topic(), record.value());
    }

    private DeadLetter deadLetter(String controlId, String errorType) {
        List<ConsumerRecord<String, byte[]>> records = kafka.await(
                Topics.PHI_DEAD_LETTER,
                r -> controlId.equals(r.key())
                        && Topics.PHI_DEAD_LETTER
                                .valueSerde()
                                .deserializer()
                                .deserialize(r.topic(), r.value())
                                .getErrorType()
                                .equals(errorType),
                1,
                WAIT);
        return Topics.PHI_DEAD_LETTER
                .valueSerde()
                .deserializer()
                .deserialize(Topics.PHI_DEAD_LETTER.name(), records.get(0).value());
    }

    @Test
    void shouldRecordAnOruR01DiagnosisAndAcknowledgeAa() throws Exception {
        Study study = Study.random();
        String key = known(study);

        Message ack = send(OruMessages.diagnosis("IT-AA-1", study.accession(), "9180/3"));

        assertThat(msa(ack, 1)).isEqualTo("AA");
        assertThat(msa(ack, 2)).isEqualTo("IT-AA-1");
        ConsumerRecord<String, byte[]> record = kafka.await(Topics.TRIAGE_DIAGNOSIS, r -> key.equals(r.key()), 1, WAIT)
                .get(0);
        TriageDiagnosis diagnosis = decode(record);
        assertThat(diagnosis.getFinding()).isEqualTo(DiagnosisFinding.MALIGNANT);
        assertThat(diagnosis.getSource()).isEqualTo(DiagnosisSource.PATHOLOGY);
        assertThat(diagnosis.getCode()).isEqualTo("9180/3");
        // the receipt time, not OBX-14 (2026-12-01T09:55): no clinical date leaves the PHI zone
        assertThat(diagnosis.getDiagnosedAt()).isEqualTo(diagnosis.getRecordedAt());
        assertThat(diagnosis.getRecordedBy()).isEqualTo("hl7:PATHLIS@HOSP");
        assertThat(diagnosis.getProvenance()).isEqualTo(Provenance.NOT_FOR_CLINICAL_USE);
        assertNoPhi(new String(record.value(), StandardCharsets.ISO_8859_1), study);
        // The capture sees the listener's lines, so the check below can fail.
        assertThat(logs.messages()).anyMatch(line -> line.contains("ORU^R01 IT-AA-1 from hl7:PATHLIS@HOSP"));
        assertNoPhi(String.join("\n", logs.messages()), study);
    }

    @Test
    void shouldAnswerAeAndDeadLetterADiagnosisForAnUnknownStudy() throws Exception {
        Study stranger = Study.random();

        Message ack = send(OruMessages.diagnosis("IT-AE-1", stranger.accession(), "9180/3"));

        assertThat(msa(ack, 1)).isEqualTo("AE");
        assertThat(msa(ack, 3)).contains("no study with this accession number");
        DeadLetter letter = deadLetter("IT-AE-1", "HL7_UNKNOWN_STUDY");
        assertThat(letter.getStage()).isEqualTo("worklist");
        assertThat(new String(letter.getPayload().array(), StandardCharsets.ISO_8859_1))
                .contains("ORU^R01");
        assertNoPhi(String.join("\n", logs.messages()), stranger);
    }

    @Test
    void shouldAnswerArAndDeadLetterARefusedMessage() throws Exception {
        Study study = Study.random();
        String known = known(study);

        Message stranger = send(OruMessages.diagnosis("IT-AR-1", study.accession(), "9180/3")
                .replace("|" + OruMessages.APPLICATION + "|", "|OTHERLIS|"));
        assertThat(msa(stranger, 1)).isEqualTo("AR");
        deadLetter("IT-AR-1", "HL7_SENDER_NOT_ALLOWED");

        Message adt = send(OruMessages.diagnosis("IT-AR-2", study.accession(), "9180/3")
                .replace("ORU^R01^ORU_R01", "ADT^A01^ADT_A01"));
        assertThat(msa(adt, 1)).isEqualTo("AR");
        deadLetter("IT-AR-2", "HL7_WRONG_TYPE");

        String padding = "NTE|1||" + "x".repeat(MAX_BYTES) + "\r";
        Message large = send(OruMessages.diagnosis("IT-AR-3", study.accession(), "9180/3") + padding);
        assertThat(msa(large, 1)).isEqualTo("AR");
        assertThat(msa(large, 3)).contains("exceeds " + MAX_BYTES + " bytes");
        deadLetter("IT-AR-3", "HL7_TOO_LARGE");

        Message unmappable = send(OruMessages.diagnosis("IT-AE-2", study.accession(), "9180/2"));
        assertThat(msa(unmappable, 1)).isEqualTo("AE");
        deadLetter("IT-AE-2", "HL7_UNMAPPABLE_FINDING");

        // None of them became a diagnosis; the listener still takes the next good message.
        assertThat(msa(send(OruMessages.diagnosis("IT-AA-2", study.accession(), "9220/0")), 1))
                .isEqualTo("AA");
        assertThat(diagnosisFor(known, "hl7:PATHLIS@HOSP").getFinding()).isEqualTo(DiagnosisFinding.BENIGN_TUMOUR);
        assertNoPhi(String.join("\n", logs.messages()), study);
    }

    @Test
    void shouldServeAtMostMaxConnectionsAtOnce() throws Exception {
        try (Socket first = new Socket("127.0.0.1", listener.port());
                Socket second = new Socket("127.0.0.1", listener.port())) {
            // Both idle slots are taken once the listener has accepted them.
            Thread.sleep(500);
            try (Socket third = new Socket("127.0.0.1", listener.port())) {
                third.setSoTimeout(5000);
                InputStream in = third.getInputStream();
                assertThat(in.read())
                        .as("a connection past the bound is closed at once")
                        .isEqualTo(-1);
            }
        }
        // With the two closed, a sender is served again.
        Eventually.within(
                WAIT,
                () -> assertThat(msa(send(OruMessages.diagnosis("IT-AR-9", "ACC-NONE", "9180/3")), 1))
                        .isEqualTo("AE"));
    }

    @Test
    void shouldLetOnlyAnAdminPostADiagnosis() throws Exception {
        Study study = Study.random();
        String key = known(study);
        Map<String, Object> body = Map.of(
                "accessionNumber", study.accession(),
                "finding", "NO_TUMOUR",
                "source", "MDT");

        given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/diagnoses")
                .then()
                .statusCode(401);
        given().auth()
                .preemptive()
                .basic(TestUsers.READER.name, TestUsers.READER.password)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/diagnoses")
                .then()
                .statusCode(403);
        given().auth()
                .preemptive()
                .basic(TestUsers.ADMIN.name, TestUsers.ADMIN.password)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/diagnoses")
                .then()
                .statusCode(201)
                .body("studyKey", equalTo(key))
                .body("finding", equalTo("NO_TUMOUR"))
                .body("recordedBy", equalTo("admin"));

        TriageDiagnosis diagnosis = diagnosisFor(key, "admin");
        assertThat(diagnosis.getSource()).isEqualTo(DiagnosisSource.MDT);
        // the receipt time, never a clinical date (docs/security.md)
        assertThat(diagnosis.getDiagnosedAt()).isEqualTo(diagnosis.getRecordedAt());
        assertThat(diagnosis.getCode()).isNull();

        // By study key, with a SNOMED CT code.
        given().auth()
                .preemptive()
                .basic(TestUsers.ADMIN.name, TestUsers.ADMIN.password)
                .contentType(ContentType.JSON)
                .body(Map.of("studyKey", key, "finding", "MALIGNANT", "source", "PATHOLOGY", "code", "9180/3"))
                .post("/api/diagnoses")
                .then()
                .statusCode(201)
                .body("code", equalTo("9180/3"));
        assertNoPhi(String.join("\n", logs.messages()), study);
    }

    @Test
    void shouldRefuseAMalformedOrUnresolvableDiagnosis() {
        Study study = Study.random();
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("finding", "MALIGNANT", "source", "PATHOLOGY"),
                Map.of("studyKey", "k", "accessionNumber", "A1", "finding", "MALIGNANT", "source", "PATHOLOGY"),
                Map.of("studyKey", "k", "finding", "MALIGNANT", "source", "PATHOLOGY", "code", "osteosarcoma"),
                Map.of("studyKey", "k", "finding", "MAYBE", "source", "PATHOLOGY"),
                Map.of("studyKey", "k", "source", "PATHOLOGY"),
                Map.of(
                        "studyKey",
                        "k",
                        "finding",
                        "MALIGNANT",
                        "source",
                        "PATHOLOGY",
                        "diagnosedAt",
                        "2026-12-02T08:00:00Z"))) {
            given().auth()
                    .preemptive()
                    .basic(TestUsers.ADMIN.name, TestUsers.ADMIN.password)
                    .contentType(ContentType.JSON)
                    .body(bad)
                    .post("/api/diagnoses")
                    .then()
                    .statusCode(400);
        }
        given().auth()
                .preemptive()
                .basic(TestUsers.ADMIN.name, TestUsers.ADMIN.password)
                .contentType(ContentType.JSON)
                .body(Map.of("accessionNumber", study.accession(), "finding", "MALIGNANT", "source", "PATHOLOGY"))
                .post("/api/diagnoses")
                .then()
                .statusCode(404)
                .body("error", equalTo("no study with this accession number on the worklist"));
    }

    private static void assertNoPhi(String text, Study study) {
        assertThat(text).doesNotContain(study.accession(), study.patientId(), study.uid(), "PID778899", "Doe^Jane");
    }

    /** Every log line of this JVM while open; the app shares the test's log manager. */
    private static final class LogCapture extends Handler implements AutoCloseable {
        private final List<String> messages = new ArrayList<>();

        static LogCapture install() {
            LogCapture capture = new LogCapture();
            Logger.getLogger("").addHandler(capture);
            return capture;
        }

        synchronized List<String> messages() {
            return List.copyOf(messages);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            messages.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            Logger.getLogger("").removeHandler(this);
        }
    }
}
