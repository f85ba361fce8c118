package org.osteon.gateway.results.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osteon.events.DeadLetter;
import org.osteon.events.DeliveryStatus;
import org.osteon.events.ResultDelivery;
import org.osteon.events.ResultObject;
import org.osteon.events.ResultObjectType;
import org.osteon.events.Triage;
import org.osteon.gateway.publish.EventPublisher;
import org.osteon.platform.dicom.DicomObjects;
import org.osteon.platform.store.ObjectStores;
import org.osteon.platform.tls.TlsContexts;
import org.osteon.schemas.topic.Topics;
import org.osteon.testsupport.InJvmKafka;
import org.osteon.testsupport.SelfSignedCertificate;
import org.osteon.testsupport.TempDirs;
import org.osteon.testsupport.TopicRecords;

/**
 * Delivery from the outbox to a real Orthanc, by C-STORE and STOW-RS, plain and over TLS (DICOM TLS by
 * Orthanc itself, HTTPS through a TLS-terminating proxy in front of it), against a real
 * in-JVM broker: every attempt audited, a destination that is down dead-lettered after the allowed
 * attempts, a wrong trust anchor refused, and a redelivery never making a second copy.
 */
class ResultDeliveryIT {

    private static final Path SAMPLES = Path.of("..", "samples", "radiographs");
    private static InJvmKafka kafka;
    private static Path dir;
    private static Path phiRoot;
    private static OrthancPeer orthanc;
    private static OrthancPeer tlsOrthanc;
    private static SSLContext trustingOrthanc;
    private static HttpsFront httpsFront;
    private static EventPublisher publisher;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void start() throws Exception {
        kafka = InJvmKafka.start();
        InJvmKafka.createTopics(kafka.bootstrapServers(), 1);
        dir = Files.createTempDirectory("osteon-delivery-it");
        phiRoot = Files.createDirectories(dir.resolve("phi"));
        orthanc = new OrthancPeer(Files.createDirectories(dir.resolve("orthanc")), null);
        Path[] pem = OrthancPeer.certificate(dir);
        SelfSignedCertificate.trustStore(pem[0], dir.resolve("trust.p12"), "changeit");
        trustingOrthanc = TlsContexts.context(
                Optional.empty(),
                Optional.of(new TlsContexts.StoreFile(dir.resolve("trust.p12"), "PKCS12", Optional.of("changeit"))));
        tlsOrthanc = new OrthancPeer(Files.createDirectories(dir.resolve("orthanc-tls")), pem);
        SSLContext serverContext = TlsContexts.context(
                Optional.of(new TlsContexts.StoreFile(pem[2], "PKCS12", Optional.of("changeit"))), Optional.empty());
        httpsFront = new HttpsFront(serverContext, tlsOrthanc.baseUri());
        publisher = new EventPublisher(kafka.bootstrapServers(), Duration.ofSeconds(10));
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable :
                new AutoCloseable[] {producer, publisher, httpsFront, orthanc, tlsOrthanc, kafka}) {
            if (closeable != null) {
                closeable.close();
            }
        }
        TempDirs.deleteQuietly(dir);
    }

    @Test
    void shouldStoreOneCopyWhetherByCStoreOrStowRsOrAgainAfterARestart() throws Exception {
        ResultObject object = outboxObject("01-normal-femur.dcm");
        Sender cstore = new CStoreSender(
                "127.0.0.1",
                orthanc.dicomPort,
                OrthancPeer.AE_TITLE,
                "OSTEON",
                new Tunnel.Factory(Optional.empty(), Duration.ofSeconds(10)));
        Sender stow = new StowRsSender(
                orthanc.dicomWebUri(),
                StowRsSender.basic(OrthancPeer.USER, OrthancPeer.PASSWORD),
                Optional.empty(),
                Duration.ofSeconds(10));

        List<ResultDelivery> byCStore = deliver("pacs-dimse", cstore, 3, object);
        List<ResultDelivery> byStow = deliver("pacs-web", stow, 3, object);
        // A restart that lost the commit: a fresh group reads the same object again and sends it again.
        List<ResultDelivery> again = deliver("pacs-dimse-restarted", cstore, 3, object);

        assertThat(byCStore).extracting(ResultDelivery::getStatus).containsExactly(DeliveryStatus.DELIVERED);
        assertThat(byCStore.get(0).getProtocol()).isEqualTo("DIMSE");
        assertThat(byStow).extracting(ResultDelivery::getStatus).containsExactly(DeliveryStatus.DELIVERED);
        assertThat(byStow.get(0).getDetail()).startsWith("STOW-RS 200");
        assertThat(again).extracting(ResultDelivery::getStatus).containsExactly(DeliveryStatus.DELIVERED);
        assertThat(orthanc.instancesWithSopUid(object.getSopInstanceUid())).hasSize(1);
    }

    @Test
    void shouldDeliverOverTlsAndRefuseAPeerItDoesNotTrust() throws Exception {
        ResultObject object = outboxObject("02-benign-tibia.dcm");
        Sender cstore = new CStoreSender(
                "localhost",
                tlsOrthanc.dicomPort,
                OrthancPeer.AE_TITLE,
                "OSTEON",
                new Tunnel.Factory(Optional.of(trustingOrthanc), Duration.ofSeconds(10)));
        Sender stow = new StowRsSender(
                httpsFront.uri("/dicom-web"),
                StowRsSender.basic(OrthancPeer.USER, OrthancPeer.PASSWORD),
                Optional.of(trustingOrthanc),
                Duration.ofSeconds(10));
        // The JDK's default authorities do not include the test's self-signed certificate.
        SSLContext untrusting = TlsContexts.context(Optional.empty(), Optional.empty());
        Sender untrustingCStore = new CStoreSender(
                "localhost",
                tlsOrthanc.dicomPort,
                OrthancPeer.AE_TITLE,
                "OSTEON",
                new Tunnel.Factory(Optional.of(untrusting), Duration.ofSeconds(10)));
        Sender plainToTls = new CStoreSender(
                "localhost",
                tlsOrthanc.dicomPort,
                OrthancPeer.AE_TITLE,
                "OSTEON",
                new Tunnel.Factory(Optional.empty(), Duration.ofSeconds(3)));

        Sender untrustingStow = new StowRsSender(
                httpsFront.uri("/dicom-web"),
                StowRsSender.basic(OrthancPeer.USER, OrthancPeer.PASSWORD),
                Optional.of(untrusting),
                Duration.ofSeconds(10));

        List<ResultDelivery> refused = deliver("tls-untrusting", untrustingCStore, 1, object);
        List<ResultDelivery> refusedWeb = deliver("tls-untrusting-web", untrustingStow, 1, object);
        List<ResultDelivery> plain = deliver("tls-plain", plainToTls, 1, object);
        assertThat(tlsOrthanc.instancesWithSopUid(object.getSopInstanceUid())).isEmpty();
        List<ResultDelivery> byCStore = deliver("tls-dimse", cstore, 1, object);
        List<ResultDelivery> byStow = deliver("tls-web", stow, 1, object);

        assertThat(refused).extracting(ResultDelivery::getStatus).containsExactly(DeliveryStatus.DEAD_LETTERED);
        assertThat(refused.get(0).getDetail()).containsIgnoringCase("certif");
        assertThat(refusedWeb).extracting(ResultDelivery::getStatus).containsExactly(DeliveryStatus.DEAD_LETTERED);
        assertThat(refusedWeb.get(0).getDetail()).containsIgnoringCase("SSLHandshakeException");
        assertThat(plain).extracting(ResultDelivery::getStatus).containsExactly(DeliveryStatus.DEAD_LETTERED);
        assertThat(byCStore).extracting(ResultDelivery::getStatus).containsExactly(DeliveryStatus.DELIVERED);
        assertThat(byStow).extracting(ResultDelivery::getStatus).containsExactly(DeliveryStatus.DELIVERED);
        assertThat(tlsOrthanc.instancesWithSopUid(object.getSopInstanceUid())).hasSize(1);
    }

    @Test
    void shouldRetryADestinationThatIsDownThenDeadLetterTheObjectForReplay() throws Exception {
        ResultObject object = outboxObject("03-malignant-femur.dcm");
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Sender down = new CStoreSender(
                "127.0.0.1",
                closedPort,
                OrthancPeer.AE_TITLE,
                "OSTEON",
                new Tunnel.Factory(Optional.empty(), Duration.ofSeconds(2)));

        List<ResultDelivery> attempts = deliver("pacs-down", down, 3, object);

        assertThat(attempts)
                .extracting(ResultDelivery::getStatus)
                .containsExactly(DeliveryStatus.RETRYING, DeliveryStatus.RETRYING, DeliveryStatus.DEAD_LETTERED);
        assertThat(attempts).extracting(ResultDelivery::getAttempt).containsExactly(1, 2, 3);
        DeadLetter letter = deadLetterFor(object);
        assertThat(letter.getErrorType()).isEqualTo("RESULT_DELIVERY_FAILED");
        assertThat(letter.getReason()).contains("pacs-down").contains("after 3 attempts");
        assertThat(letter.getObjectUri()).isEqualTo(object.getObjectUri());
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.PHI_RESULT_OBJECT.name());
        assertThat(letter.getPayload()).isNotNull();
    }

    /** Puts a copy of a sample in the PHI store and its outbox record on the topic, as the writer would. */
    private static ResultObject outboxObject(String sample) throws Exception {
        AttributeList list = DicomObjects.read(SAMPLES.resolve(sample));
        String study = DicomObjects.string(list, TagFromName.StudyInstanceUID);
        String sop = DicomObjects.string(list, TagFromName.SOPInstanceUID);
        Path file = ObjectStores.phiPath(phiRoot.resolve("results"), study, sop);
        Files.createDirectories(file.getParent());
        Files.copy(SAMPLES.resolve(sample), file);
        ResultObject object = ResultObject.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setCreatedAt(Instant.now())
                .setReceivedAt(Instant.now())
                .setObjectType(ResultObjectType.SR)
                .setObjectUri(file.toUri().toString())
                .setObjectSha256(ObjectStores.sha256(file))
                .setSopClassUid(DicomObjects.string(list, TagFromName.SOPClassUID))
                .setSopInstanceUid(sop)
                .setStudyInstanceUid(study)
                .setSourceSopInstanceUid(sop)
                .setDecision(Triage.ROUTINE)
                .setModelVersion("test")
                .setProvenance("NOT FOR CLINICAL USE")
                .build();
        byte[] value =
                Topics.PHI_RESULT_OBJECT.valueSerde().serializer().serialize(Topics.PHI_RESULT_OBJECT.name(), object);
        producer.send(new ProducerRecord<>(Topics.PHI_RESULT_OBJECT.name(), study, value))
                .get();
        return object;
    }

    /**
     * Runs a worker for a fresh destination until the object's final audit (delivered or dead-lettered),
     * and returns the object's audits in order.
     */
    private static List<ResultDelivery> deliver(String destination, Sender sender, int maxAttempts, ResultObject object)
            throws Exception {
        DestinationWorker.Policy policy =
                new DestinationWorker.Policy(maxAttempts, Duration.ofMillis(50), Duration.ofMillis(200));
        Map<String, Object> settings = new java.util.HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                DestinationWorker.groupOf(destination),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                1));
        DestinationWorker worker =
                new DestinationWorker(destination, sender, policy, phiRoot, settings, publisher, Clock.systemUTC());
        Thread thread = new Thread(worker, "test-delivery-" + destination);
        thread.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                List<ResultDelivery> audits = audits(destination, object);
                if (!audits.isEmpty() && audits.get(audits.size() - 1).getStatus() != DeliveryStatus.RETRYING) {
                    return audits;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("no final delivery audit for " + destination + " in 60 s");
        } finally {
            worker.stop();
            thread.join(10_000);
        }
    }

    private static List<ResultDelivery> audits(String destination, ResultObject object) {
        List<ResultDelivery> found = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : readAll(Topics.PHI_RESULT_DELIVERY.name())) {
            ResultDelivery audit = TopicRecords.decode(Topics.PHI_RESULT_DELIVERY, record);
            if (audit.getDestination().equals(destination)
                    && audit.getSopInstanceUid().equals(object.getSopInstanceUid())) {
                found.add(audit);
            }
        }
        return found;
    }

    private static DeadLetter deadLetterFor(ResultObject object) {
        return readAll(Topics.PHI_DEAD_LETTER.name()).stream()
                .map(record -> TopicRecords.decode(Topics.PHI_DEAD_LETTER, record))
                .filter(letter -> object.getObjectUri().equals(letter.getObjectUri()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no dead letter for the object"));
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = TopicRecords.committedConsumer(kafka.bootstrapServers(), "it")) {
            var partition = new org.apache.kafka.common.TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
