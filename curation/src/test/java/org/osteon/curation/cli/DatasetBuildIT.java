package org.osteon.curation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osteon.curation.Events.deidentified;
import static org.osteon.curation.Events.diagnosis;
import static org.osteon.curation.Events.feedback;
import static org.osteon.curation.Events.scored;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.osteon.events.DiagnosisFinding;
import org.osteon.events.DiagnosisSource;
import org.osteon.events.FeedbackVerdict;
import org.osteon.schemas.topic.Topic;
import org.osteon.schemas.topic.Topics;
import org.osteon.testsupport.InJvmKafka;
import org.osteon.testsupport.TempDirs;
import org.osteon.testsupport.dicom.TestDicom;

/**
 * {@code ./osteon dataset build} and {@code scores} end to end against the real in-JVM broker and a
 * research store on disk: events as the services write them, one object missing, one claim check
 * pointing outside the store, an aborted transaction that must not count.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatasetBuildIT {

    private static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static InJvmKafka kafka;
    private static Path work;
    private static Path researchStore;
    private static Path datasets;
    private static String firstDataset;
    private static String firstHash;

    @BeforeAll
    static void start() throws Exception {
        kafka = InJvmKafka.start();
        InJvmKafka.createTopics(kafka.bootstrapServers(), 2);
        work = Files.createTempDirectory("osteon-dataset-it");
        researchStore = Files.createDirectories(work.resolve("research-store"));
        datasets = work.resolve("datasets");
        Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));

        // studya: a pathology diagnosis, and a later click that disagrees: the diagnosis wins.
        image("studya", "instaa", "site-b", true);
        image("studya", "instab", "site-b", true);
        send(
                Topics.TRIAGE_DIAGNOSIS,
                "studya",
                diagnosis("studya", DiagnosisFinding.MALIGNANT, DiagnosisSource.PATHOLOGY, T0, T0.plusSeconds(60)));
        send(
                Topics.TRIAGE_FEEDBACK,
                "studya",
                feedback("studya", "ESCALATE", FeedbackVerdict.REJECT, T0.plusSeconds(600)));
        // studyb: a click only.
        image("studyb", "instba", "site-b", true);
        send(Topics.TRIAGE_FEEDBACK, "studyb", feedback("studyb", "ROUTINE", FeedbackVerdict.CONFIRM, T0));
        // studyc: no label at all.
        image("studyc", "instca", "site-b", true);
        // studyd: labelled, but not a radiograph the model may read.
        image("studyd", "instda", "site-b", false);
        send(
                Topics.TRIAGE_DIAGNOSIS,
                "studyd",
                diagnosis("studyd", DiagnosisFinding.NO_TUMOUR, DiagnosisSource.SIGNED_REPORT, T0, T0));
        // studye: labelled, its object gone from the store.
        Path gone = image("studye", "instea", "site-b", true);
        Files.delete(gone);
        send(
                Topics.TRIAGE_DIAGNOSIS,
                "studye",
                diagnosis("studye", DiagnosisFinding.BENIGN_TUMOUR, DiagnosisSource.PATHOLOGY, T0, T0));
        // studyf: labelled, its claim check pointing outside the research store.
        Path outside = TestDicom.writeRadiograph(elsewhere.resolve("x.dcm"), "1.2.826.0.1.3680043.9.7777.9.6");
        send(
                Topics.RADIOGRAPH_DEIDENTIFIED,
                "studyf",
                deidentified("studyf", "instfa", outside.toUri().toString(), "site-b", true));
        send(
                Topics.TRIAGE_DIAGNOSIS,
                "studyf",
                diagnosis("studyf", DiagnosisFinding.MALIGNANT, DiagnosisSource.PATHOLOGY, T0, T0));
        // studyg: a diagnosis for a study whose images never reached the research zone.
        send(
                Topics.TRIAGE_DIAGNOSIS,
                "studyg",
                diagnosis("studyg", DiagnosisFinding.MALIGNANT, DiagnosisSource.MDT, T0, T0));
        // studyh: another site's image.
        image("studyh", "instha", "site-a", true);
        send(
                Topics.TRIAGE_DIAGNOSIS,
                "studyh",
                diagnosis("studyh", DiagnosisFinding.NO_TUMOUR, DiagnosisSource.PATHOLOGY, T0, T0));
        // An aborted transaction that would relabel studyb: read_committed never sees it.
        abortedDiagnosis("studyb");

        send(Topics.RADIOGRAPH_SCORED, "studya", scored("studya", "instaa", "primary", T0));
        send(Topics.RADIOGRAPH_SCORED, "studyb", scored("studyb", "instba", "primary", T0.plusSeconds(5)));
        send(Topics.RADIOGRAPH_SCORED_SHADOW, "studya", scored("studya", "instaa", "shadow", T0.plusSeconds(1)));
        send(Topics.RADIOGRAPH_SCORED_SHADOW, "studyb", scored("studyb", "instba", "shadow", T0.plusSeconds(6)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
        if (datasets != null && Files.exists(datasets)) {
            try (Stream<Path> dirs = Files.walk(datasets)) {
                for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                    dir.toFile().setWritable(true, true);
                }
            }
        }
        TempDirs.deleteQuietly(work);
    }

    private static Path image(String study, String instance, String site, boolean eligible) throws Exception {
        Path object = Files.createDirectories(researchStore.resolve(study)).resolve(instance + ".dcm");
        TestDicom.writeRadiograph(object, "1.2.826.0.1.3680043.9.7777.9." + Math.abs(instance.hashCode()));
        send(
                Topics.RADIOGRAPH_DEIDENTIFIED,
                study,
                deidentified(study, instance, object.toUri().toString(), site, eligible));
        return object;
    }

    private static <V> void send(Topic<String, V> topic, String key, V value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer(Map.of())) {
            producer.send(record(topic, key, value)).get();
        }
    }

    private static void abortedDiagnosis(String study) {
        try (KafkaProducer<String, byte[]> producer =
                producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "dataset-it-aborted"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(record(
                    Topics.TRIAGE_DIAGNOSIS,
                    study,
                    diagnosis(study, DiagnosisFinding.MALIGNANT, DiagnosisSource.PATHOLOGY, T0.plusSeconds(9999), T0)));
            producer.flush();
            producer.abortTransaction();
        }
    }

    private static <V> ProducerRecord<String, byte[]> record(Topic<String, V> topic, String key, V value) {
        return new ProducerRecord<>(
                topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    private static KafkaProducer<String, byte[]> producer(Map<String, Object> extra) {
        Map<String, Object> settings = new java.util.HashMap<>(extra);
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    }

    /** Runs the CLI as ./osteon dataset does: exit status, standard output, standard error. */
    private record Run(int status, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DatasetMain.run(
                args,
                Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] build(String... extra) {
        return args(kafka.bootstrapServers(), datasets, extra);
    }

    private static String[] args(String bootstrap, Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "build",
                "--bootstrap",
                bootstrap,
                "--research-root",
                researchStore.toString(),
                "--out",
                out.toString(),
                "--name",
                "site-b",
                "--site",
                "site-b"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    @Order(1)
    void shouldBuildTheLabelledEligibleImagesWithEveryExclusionAndItsReason() throws Exception {
        Run run = cli(build());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out().lines()).hasSize(1);
        JsonNode line = run.json();
        Path dir = Path.of(line.get("dataset").asText());
        firstDataset = dir.toString();
        firstHash = line.get("content_sha256").asText();
        assertThat(dir.getParent()).isEqualTo(datasets.toAbsolutePath());
        assertThat(dir.getFileName().toString()).isEqualTo("site-b-" + firstHash.substring(0, 12));
        assertThat(line.get("images").asInt()).isEqualTo(3);
        assertThat(line.get("studies").asInt()).isEqualTo(2);
        assertThat(line.get("label_counts").get("malignant").asInt()).isEqualTo(2);
        assertThat(line.get("label_counts").get("not_malignant").asInt()).isEqualTo(1);
        assertThat(line.get("excluded").asInt()).isEqualTo(5);
        assertThat(line.get("reused").asBoolean()).isFalse();

        List<String> csv = Files.readAllLines(dir.resolve("labels.csv"));
        assertThat(csv).hasSize(4);
        assertThat(csv.get(1)).startsWith("images/instaa.dcm,studya,instaa,malignant,diagnosis:pathology,site-b,");
        assertThat(csv.get(2)).startsWith("images/instab.dcm,studya,instab,malignant,diagnosis:pathology,site-b,");
        assertThat(csv.get(3)).startsWith("images/instba.dcm,studyb,instba,not_malignant,feedback,site-b,");
        assertThat(Files.readAllBytes(dir.resolve("images/instaa.dcm")))
                .isEqualTo(Files.readAllBytes(researchStore.resolve("studya/instaa.dcm")));

        JsonNode card = JSON.readTree(dir.resolve("data_card.json").toFile());
        assertThat(card.get("exclusions"))
                .isEqualTo(JSON.readTree("{\"claim_check_refused\": 1, \"ineligible\": 1, \"no_label\": 1, "
                        + "\"object_missing\": 1, \"other_site\": 1}"));
        assertThat(card.get("labelled_studies_without_images").asInt()).isEqualTo(1);
        assertThat(card.get("by_label_source").get("feedback").asInt()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("DATA_CARD.md"))).contains("| object_missing | 1 |");

        JsonNode dataset = JSON.readTree(dir.resolve("dataset.json").toFile());
        assertThat(dataset.get("content_sha256").asText()).isEqualTo(firstHash);
        // 5 committed diagnoses and the aborted one's transaction markers: the offsets name the snapshot.
        JsonNode diagnosisEnds = dataset.get("topics").get("triage-diagnosis-v1");
        assertThat(diagnosisEnds.size()).isEqualTo(2);
        long ends = 0;
        for (JsonNode end : diagnosisEnds) {
            ends += end.asLong();
        }
        assertThat(ends).isGreaterThanOrEqualTo(7);
        assertThat(dataset.get("topics").get("radiograph-deidentified-v1").size())
                .isEqualTo(2);
    }

    @Test
    @Order(2)
    void shouldReuseTheSameVersionForTheSameDataAndMakeANewOneWhenItChanges() throws Exception {
        Run again = cli(build());
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.json().get("content_sha256").asText()).isEqualTo(firstHash);
        assertThat(again.json().get("dataset").asText()).isEqualTo(firstDataset);
        assertThat(again.json().get("reused").asBoolean()).isTrue();

        // A diagnosis arrives for studyb: it beats the click, so the data and the version change.
        send(
                Topics.TRIAGE_DIAGNOSIS,
                "studyb",
                diagnosis(
                        "studyb", DiagnosisFinding.BENIGN_TUMOUR, DiagnosisSource.PATHOLOGY, T0, T0.plusSeconds(3600)));
        Run changed = cli(build());
        assertThat(changed.status()).as(changed.err()).isZero();
        assertThat(changed.json().get("content_sha256").asText()).isNotEqualTo(firstHash);
        assertThat(changed.json().get("label_counts").get("benign").asInt()).isEqualTo(1);
        assertThat(Path.of(firstDataset).resolve("labels.csv")).exists();
        try (Stream<Path> versions = Files.list(datasets)) {
            assertThat(versions).hasSize(2);
        }
    }

    @Test
    @Order(3)
    void shouldFailWithoutWritingAnythingAtTheBounds() throws Exception {
        Path bounded = work.resolve("bounded");
        Run images = cli(args(kafka.bootstrapServers(), bounded, "--max-images", "2"));
        assertThat(images.status()).isEqualTo(1);
        assertThat(images.err()).contains("--max-images 2");
        assertThat(images.out()).isEmpty();

        Run events = cli(args(kafka.bootstrapServers(), bounded, "--max-events", "3"));
        assertThat(events.status()).isEqualTo(1);
        assertThat(events.err()).contains("more than 3 records");

        assertThat(bounded)
                .satisfiesAnyOf(
                        p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    }

    @Test
    @Order(4)
    void shouldFailClearlyWhenTheBrokerIsUnreachable() {
        Path unreached = work.resolve("unreached");
        Run run = cli(args("localhost:1", unreached, "--timeout-s", "2"));
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("cannot read").contains("localhost:1").contains("nothing written");
        assertThat(unreached).doesNotExist();
    }

    @Test
    @Order(5)
    void shouldExportPrimaryAndShadowScores() throws Exception {
        Path out = work.resolve("scores/scores.jsonl");
        Run run = cli("scores", "--bootstrap", kafka.bootstrapServers(), "--out", out.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.json().get("primary").asInt()).isEqualTo(2);
        assertThat(run.json().get("shadow").asInt()).isEqualTo(2);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(4);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.fieldNames())
                .toIterable()
                .containsExactly(
                        "study_key",
                        "instance_key",
                        "model_role",
                        "model_version",
                        "malignant_probability",
                        "uncertainty",
                        "escalate_threshold",
                        "review_uncertainty_threshold",
                        "scored_at");
        assertThat(first.get("model_role").asText()).isEqualTo("primary");
        assertThat(JSON.readTree(lines.get(1)).get("model_role").asText()).isEqualTo("shadow");
        assertThat(JSON.readTree(lines.get(1)).get("model_version").asText()).isEqualTo("2.0.0");

        Run last = cli("scores", "--bootstrap", kafka.bootstrapServers(), "--out", out.toString(), "--last", "1");
        assertThat(last.status()).as(last.err()).isZero();
        assertThat(Files.readAllLines(out))
                .hasSize(2)
                .allSatisfy(l ->
                        assertThat(JSON.readTree(l).get("study_key").asText()).isEqualTo("studyb"));
    }

    @Test
    @Order(6) // last: the bad record stays on the topic
    void shouldStopAtABadRecordAndNameItsPlaceNotBlameTheBroker() throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer(Map.of())) {
            producer.send(new ProducerRecord<>(Topics.TRIAGE_DIAGNOSIS.name(), "studyz", new byte[] {1, 2, 3}))
                    .get();
        }
        Path bad = work.resolve("bad-record");
        Run run = cli(args(kafka.bootstrapServers(), bad));
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err())
                .contains("bad record in " + Topics.TRIAGE_DIAGNOSIS.name() + " partition ")
                .contains(" at offset ")
                .doesNotContain("cannot read");
        assertThat(bad)
                .satisfiesAnyOf(
                        p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    }
}
