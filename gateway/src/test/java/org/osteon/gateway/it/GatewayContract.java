package org.osteon.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.events.DeadLetter;
import org.osteon.events.IngestSource;
import org.osteon.events.RadiographReceived;
import org.osteon.gateway.ingest.IngestService;
import org.osteon.platform.store.ObjectStores;
import org.osteon.schemas.topic.Topics;
import org.osteon.testsupport.TopicRecords;
import org.osteon.testsupport.dicom.TestDicom;

/**
 * The real path: a dcmtk peer sends over DICOM, a real broker carries the events. The assertions
 * live here once; {@link GatewayIT} runs them on the in-JVM broker and {@link GatewayContainersIT}
 * on a Kafka container where a Docker engine exists.
 */
abstract class GatewayContract {

    @ConfigProperty(name = "osteon.gateway.dicom.port")
    int dicomPort;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "osteon.gateway.folder.path")
    Path inbox;

    @Inject
    IngestService ingest;

    @TempDir
    Path dir;

    /** The management interface's root ({@code /q/}): health and metrics live there, apart from ingest. */
    @io.quarkus.test.common.http.TestHTTPResource(value = "/", management = true)
    URL managementRoot;

    @Test
    @Timeout(60)
    void shouldReportReadyWithTheDicomGateway() {
        io.restassured.RestAssured.given()
                .get(managementRoot + "health/ready")
                .then()
                .statusCode(200)
                .body("checks.name", org.hamcrest.Matchers.hasItem("DICOM C-STORE SCP"));
    }

    @Test
    @Timeout(60)
    void shouldServeHealthAndMetricsOnlyApartFromIngest() {
        io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(404);
        io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(404);
        io.restassured.RestAssured.given()
                .get(managementRoot + "metrics")
                .then()
                .statusCode(200);
    }

    @Test
    @Timeout(60)
    void shouldAnswerADicomEcho() throws Exception {
        assertThat(run("/usr/bin/echoscu", "-aec", "OSTEON", "localhost", Integer.toString(dicomPort)))
                .isZero();
    }

    @Test
    @Timeout(120)
    void shouldTurnACStoreIntoAPhiEventThatPointsAtTheStoredObject() throws Exception {
        String sopUid = "1.2.826.0.1.3680043.9.7777.20." + (System.nanoTime() % 100000);
        Path file = TestDicom.writeRadiograph(dir.resolve("cr.dcm"), sopUid);

        assertThat(run(
                        "/usr/bin/storescu",
                        "-aec",
                        "OSTEON",
                        "localhost",
                        Integer.toString(dicomPort),
                        file.toString()))
                .isZero();

        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.PHI_RADIOGRAPH_RECEIVED.name()));
            ConsumerRecord<String, byte[]> received = null;
            Instant deadline = Instant.now().plusSeconds(90);
            while (received == null && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (TopicRecords.decode(Topics.PHI_RADIOGRAPH_RECEIVED, r)
                            .getSopInstanceUid()
                            .equals(sopUid)) {
                        received = r;
                    }
                }
            }
            assertThat(received)
                    .as("RadiographReceived on %s", Topics.PHI_RADIOGRAPH_RECEIVED)
                    .isNotNull();

            RadiographReceived event = TopicRecords.decode(Topics.PHI_RADIOGRAPH_RECEIVED, received);
            assertThat(received.key()).isEqualTo(TestDicom.STUDY_UID);
            assertThat(event.getSource()).isEqualTo(IngestSource.CSTORE);
            assertThat(event.getCalledAeTitle()).isEqualTo("OSTEON");
            assertThat(event.getCallingAeTitle()).isEqualTo("STORESCU");
            assertThat(event.getPatientName()).isEqualTo(TestDicom.PATIENT_NAME);
            assertThat(event.getSopClassUid()).isEqualTo(TestDicom.CR);
            Path stored = Path.of(URI.create(event.getObjectUri()));
            assertThat(stored.getFileName().toString()).isEqualTo(sopUid + ".dcm");
            assertThat(ObjectStores.sha256(stored)).isEqualTo(event.getObjectSha256());
        }
    }

    @Test
    @Timeout(120)
    void shouldKeepACompressedRadiographAsSentAndAnnounceItsTransferSyntax() throws Exception {
        String sopUid = "1.2.826.0.1.3680043.9.7777.23." + (System.nanoTime() % 100000);
        Path plain = TestDicom.writeRadiograph(dir.resolve("plain.dcm"), sopUid);
        Path lossless = dir.resolve("lossless.dcm");
        assertThat(run("/usr/bin/dcmcjpeg", "+e1", plain.toString(), lossless.toString()))
                .isZero();

        assertThat(run(
                        "/usr/bin/storescu",
                        "-xs",
                        "-aec",
                        "OSTEON",
                        "localhost",
                        Integer.toString(dicomPort),
                        lossless.toString()))
                .isZero();

        RadiographReceived event = awaitReceived(sopUid);
        assertThat(event.getTransferSyntaxUid()).isEqualTo("1.2.840.10008.1.2.4.70");
        Path stored = Path.of(URI.create(event.getObjectUri()));
        assertThat(ObjectStores.sha256(stored)).isEqualTo(event.getObjectSha256());
        assertThat(Files.size(stored)).isEqualTo(event.getObjectSizeBytes());
    }

    @Test
    @Timeout(60)
    void shouldDeadLetterAnUnreadableObjectInsteadOfFailing() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage-" + UUID.randomUUID() + ".dcm"), "definitely not DICOM");

        IngestService.Outcome outcome = ingest.ingest(garbage, IngestSource.FOLDER, null, null);

        assertThat(outcome.accepted()).isFalse();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.PHI_DEAD_LETTER.name()));
            List<DeadLetter> letters = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(30);
            while (letters.stream().noneMatch(l -> l.getReason().contains("FOLDER"))
                    && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> letters.add(TopicRecords.decode(Topics.PHI_DEAD_LETTER, r)));
            }
            assertThat(letters).anySatisfy(l -> {
                assertThat(l.getStage()).isEqualTo("gateway");
                assertThat(l.getErrorType()).isEqualTo("UNREADABLE_DICOM");
            });
        }
    }

    @Test
    @Timeout(90)
    void shouldStoreStowRsInstancesAndReportEachOneInThePs318Response() throws Exception {
        String sopUid = "1.2.826.0.1.3680043.9.7777.21." + (System.nanoTime() % 100000);
        byte[] dicom = Files.readAllBytes(TestDicom.writeRadiograph(dir.resolve("stow.dcm"), sopUid));

        io.restassured.response.Response response =
                stow(multipart(dicom, "not dicom".getBytes(StandardCharsets.US_ASCII)), ingestToken());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.contentType()).startsWith("application/dicom+json");
        assertThat(response.jsonPath().getList("00081199.Value")).hasSize(1);
        assertThat(response.jsonPath().getString("00081199.Value[0].00081155.Value[0]"))
                .isEqualTo(sopUid);
        assertThat(response.jsonPath().getInt("00081198.Value[0].00081197.Value[0]"))
                .isEqualTo(0xC000);
        RadiographReceived event = awaitReceived(sopUid);
        assertThat(event.getSource()).isEqualTo(IngestSource.STOWRS);
    }

    @Test
    @Timeout(90)
    void shouldIngestAFileDroppedIntoTheWatchedFolder() throws Exception {
        String sopUid = "1.2.826.0.1.3680043.9.7777.22." + (System.nanoTime() % 100000);
        Path written = TestDicom.writeRadiograph(dir.resolve("drop.dcm"), sopUid);
        Files.createDirectories(inbox);
        Files.move(written, inbox.resolve("drop.dcm"));

        RadiographReceived event = awaitReceived(sopUid);

        assertThat(event.getSource()).isEqualTo(IngestSource.FOLDER);
        assertThat(inbox.resolve("drop.dcm")).doesNotExist();
    }

    @Test
    @Timeout(60)
    void shouldRefuseStowRsWithoutCredentialsOrWithATokenItCannotTrust() throws Exception {
        byte[] body = multipart("x".getBytes(StandardCharsets.US_ASCII));
        java.security.PrivateKey stranger = io.smallrye.jwt.util.KeyUtils.readPrivateKey("jwt/strangerPrivateKey.pem");

        assertThat(stow(body, null).statusCode()).isEqualTo(401);
        assertThat(stow(body, "not-a-jwt").statusCode()).isEqualTo(401);
        assertThat(stow(
                                body,
                                io.smallrye.jwt.build.Jwt.issuer(ISSUER)
                                        .upn("osteon-test-client")
                                        .groups("ingest")
                                        .sign(stranger))
                        .statusCode())
                .as("signed by another key")
                .isEqualTo(401);
        assertThat(stow(
                                body,
                                io.smallrye.jwt.build.Jwt.issuer("https://elsewhere.example/")
                                        .upn("osteon-test-client")
                                        .groups("ingest")
                                        .sign())
                        .statusCode())
                .as("another issuer")
                .isEqualTo(401);
        assertThat(stow(
                                body,
                                io.smallrye.jwt.build.Jwt.issuer(ISSUER)
                                        .upn("osteon-test-client")
                                        .groups("reader")
                                        .sign())
                        .statusCode())
                .as("no ingest role")
                .isEqualTo(403);
    }

    @Test
    @Timeout(120)
    void shouldRefuseHostileStructureOverStowRsBeforePixelMed() throws Exception {
        byte[] body = multipart(
                org.osteon.testsupport.dicom.MalformedDicom.nestedDeep(dir, 10_000)
                        .bytes(),
                org.osteon.testsupport.dicom.MalformedDicom.deflateRatioBomb().bytes());

        io.restassured.response.Response response = stow(body, ingestToken());

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.jsonPath().getList("00081198.Value")).hasSize(2);
        assertThat(response.jsonPath().getInt("00081198.Value[0].00081197.Value[0]"))
                .isEqualTo(0xC000);
        assertThat(response.jsonPath().getInt("00081198.Value[1].00081197.Value[0]"))
                .isEqualTo(0xC000);
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.PHI_DEAD_LETTER.name()));
            List<DeadLetter> letters = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(deadline)
                    && letters.stream()
                                    .filter(l -> l.getReason().startsWith("STOWRS")
                                            && (l.getReason().contains("nested deeper")
                                                    || l.getReason().contains("more than 100 times")))
                                    .count()
                            < 2) {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> letters.add(TopicRecords.decode(Topics.PHI_DEAD_LETTER, r)));
            }
            assertThat(letters)
                    .anySatisfy(
                            l -> assertThat(l.getReason()).startsWith("STOWRS").contains("nested deeper than"))
                    .anySatisfy(
                            l -> assertThat(l.getReason()).startsWith("STOWRS").contains("more than 100 times"))
                    .allSatisfy(l -> assertThat(l.getPayload()).isNull());
        }
        io.restassured.RestAssured.given()
                .get(managementRoot + "health/ready")
                .then()
                .statusCode(200);
    }

    private static final String ISSUER = "https://osteon.test/issuer";

    private static String ingestToken() {
        return io.smallrye.jwt.build.Jwt.issuer(ISSUER)
                .upn("osteon-test-client")
                .groups("ingest")
                .sign();
    }

    /** A STOW-RS body: each part an application/dicom part, between OSTEONB boundaries. */
    private static byte[] multipart(byte[]... parts) {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            body.writeBytes("--OSTEONB\r\nContent-Type: application/dicom\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(part);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes("--OSTEONB--\r\n".getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    private static io.restassured.response.Response stow(byte[] body, String bearer) {
        io.restassured.specification.RequestSpecification request = io.restassured.RestAssured.given()
                .contentType("multipart/related; type=\"application/dicom\"; boundary=OSTEONB")
                .body(body);
        if (bearer != null) {
            request = request.header("Authorization", "Bearer " + bearer);
        }
        return request.post("/dicomweb/studies");
    }

    private RadiographReceived awaitReceived(String sopUid) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.PHI_RADIOGRAPH_RECEIVED.name()));
            Instant deadline = Instant.now().plusSeconds(60);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    RadiographReceived event = TopicRecords.decode(Topics.PHI_RADIOGRAPH_RECEIVED, r);
                    if (event.getSopInstanceUid().equals(sopUid)) {
                        return event;
                    }
                }
            }
        }
        throw new AssertionError("no RadiographReceived for " + sopUid);
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return TopicRecords.committedConsumer(bootstrapServers, "gateway-it");
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS))
                .as("%s finished", command[0])
                .isTrue();
        if (process.exitValue() != 0) {
            System.err.println(String.join(" ", command) + " said:\n" + output);
        }
        return process.exitValue();
    }
}
