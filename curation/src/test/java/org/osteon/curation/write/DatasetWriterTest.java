package org.osteon.curation.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.curation.build.Exclusions;
import org.osteon.curation.build.SplitRule;
import org.osteon.curation.label.Label;
import org.osteon.curation.label.StudyLabel;
import org.osteon.platform.store.ObjectStores;

class DatasetWriterTest {

    private static final Instant RECORDED = Instant.parse("2026-11-03T09:30:00Z");

    @TempDir
    Path store;

    private final Path datasets = freshFolder().resolve("datasets");

    private static Path freshFolder() {
        try {
            return Files.createTempDirectory("osteon-datasets-test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void cleanUp() {
        // Sealed folders refuse JUnit's cleanup; the writer's own delete opens them first.
        ReadOnlyTree.deleteQuietly(datasets.getParent());
    }

    private DatasetWriter writerAt(String instant) {
        return new DatasetWriter(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    private DatasetRow row(String study, String instance, Label label, byte[] bytes) throws IOException {
        Path object = Files.createDirectories(store.resolve(study)).resolve(instance + ".dcm");
        Files.write(object, bytes);
        return new DatasetRow(
                study,
                instance,
                new StudyLabel(label, "diagnosis:pathology", RECORDED),
                "site-b",
                new SplitRule(30, 15).splitOf(study),
                40,
                "M",
                "FEMUR",
                "AP",
                object);
    }

    private List<DatasetRow> rows() throws IOException {
        List<DatasetRow> rows = new ArrayList<>();
        rows.add(row("studya", "imageb", Label.MALIGNANT, "DICM-b".getBytes(StandardCharsets.US_ASCII)));
        rows.add(row("studya", "imagea", Label.MALIGNANT, "DICM-a".getBytes(StandardCharsets.US_ASCII)));
        rows.add(row("studyb", "imagec", Label.NORMAL, "DICM-c".getBytes(StandardCharsets.US_ASCII)));
        return rows;
    }

    private DatasetSpec spec() {
        Exclusions exclusions = new Exclusions();
        exclusions.add(Exclusions.OBJECT_MISSING);
        return new DatasetSpec(
                datasets,
                "site-b",
                new SplitRule(30, 15),
                1 << 20,
                Map.of("radiograph-deidentified-v1", new TreeMap<>(Map.of(0, 3L))),
                exclusions,
                0);
    }

    @Test
    void shouldWriteTheLayoutWithPseudonymousFileNamesAndAContentHashOverTheManifest() throws Exception {
        BuiltDataset built = writerAt("2026-12-01T00:00:00Z").write(spec(), rows());

        Path dir = built.dir();
        assertThat(dir.getFileName().toString())
                .isEqualTo("site-b-" + built.contentSha256().substring(0, 12));
        assertThat(built.reused()).isFalse();
        assertThat(built.images()).isEqualTo(3);
        assertThat(built.studies()).isEqualTo(2);
        assertThat(built.labelCounts())
                .containsExactly(
                        Map.entry("malignant", 2), Map.entry("benign", 0),
                        Map.entry("normal", 1), Map.entry("not_malignant", 0));
        try (Stream<Path> images = Files.list(dir.resolve("images"))) {
            assertThat(images.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("imagea.dcm", "imageb.dcm", "imagec.dcm")
                    .allMatch(name -> ObjectStores.isPseudonym(name.substring(0, name.length() - 4)));
        }
        assertThat(Files.readAllBytes(dir.resolve("images/imagea.dcm"))).isEqualTo("DICM-a".getBytes());

        List<String> csv = Files.readAllLines(dir.resolve("labels.csv"));
        assertThat(csv.get(0)).isEqualTo(LabelsCsv.HEADER);
        assertThat(csv.get(1))
                .isEqualTo("images/imagea.dcm,studya,imagea,malignant,diagnosis:pathology,site-b,"
                        + "2026-11-03T09:30:00Z,train,40,M,FEMUR,AP");
        assertThat(csv).hasSize(4);

        String manifest = Files.readString(dir.resolve(Manifest.FILE));
        assertThat(manifest.lines().map(l -> l.substring(66)))
                .containsExactly("images/imagea.dcm", "images/imageb.dcm", "images/imagec.dcm", "labels.csv");
        assertThat(manifest)
                .startsWith(ObjectStores.sha256(dir.resolve("images/imagea.dcm")) + "  images/imagea.dcm\n");
        assertThat(ObjectStores.sha256(dir.resolve(Manifest.FILE))).isEqualTo(built.contentSha256());

        JsonNode json = new ObjectMapper().readTree(dir.resolve("dataset.json").toFile());
        assertThat(json.get("format").asText()).isEqualTo("osteon-dataset");
        assertThat(json.get("format_version").asInt()).isEqualTo(1);
        assertThat(json.get("content_sha256").asText()).isEqualTo(built.contentSha256());
        assertThat(json.get("built_at").asText()).isEqualTo("2026-12-01T00:00:00Z");
        assertThat(json.get("topics").get("radiograph-deidentified-v1").get("0").asLong())
                .isEqualTo(3);
        assertThat(json.get("test_pct").asInt()).isEqualTo(30);
        assertThat(json.get("cal_pct").asInt()).isEqualTo(15);
        assertThat(json.get("split_rule").asText()).isEqualTo(SplitRule.DESCRIPTION);
        assertThat(json.get("provenance").asText()).contains("NOT FOR CLINICAL USE");

        JsonNode card =
                new ObjectMapper().readTree(dir.resolve("data_card.json").toFile());
        assertThat(card.get("by_label").get("malignant").asInt()).isEqualTo(2);
        assertThat(card.get("by_site").get("site-b").asInt()).isEqualTo(3);
        assertThat(card.get("by_month").get("2026-11").asInt()).isEqualTo(3);
        assertThat(card.get("by_label_source").get("diagnosis:pathology").asInt())
                .isEqualTo(3);
        assertThat(card.get("exclusions").get("object_missing").asInt()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("DATA_CARD.md")))
                .contains("| object_missing | 1 |")
                .contains("| malignant | 2 |");
    }

    @Test
    void shouldSealEveryFileReadOnlyAndLeaveNoTemporaryFolder() throws Exception {
        Path dir = writerAt("2026-12-01T00:00:00Z").write(spec(), rows()).dir();

        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
                        .as(path.toString())
                        .isEqualTo(Files.isDirectory(path) ? "r-xr-xr-x" : "r--r--r--");
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            // Root writes through any mode bits; everyone else is refused by them.
            assertThatThrownBy(() -> Files.writeString(dir.resolve("labels.csv"), "changed"))
                    .isInstanceOf(IOException.class);
        }
        try (Stream<Path> siblings = Files.list(datasets)) {
            assertThat(siblings).containsExactly(dir);
        }
    }

    @Test
    void shouldGiveTheSameDataTheSameHashAndReuseItsVerifiedFolder() throws Exception {
        List<DatasetRow> rows = rows();
        BuiltDataset first = writerAt("2026-12-01T00:00:00Z").write(spec(), rows);
        List<DatasetRow> reordered = new ArrayList<>(rows);
        Collections.reverse(reordered);
        BuiltDataset second = writerAt("2026-12-02T00:00:00Z").write(spec(), reordered);

        assertThat(second.contentSha256()).isEqualTo(first.contentSha256());
        assertThat(second.dir()).isEqualTo(first.dir());
        assertThat(second.reused()).isTrue();
        // The folder is the first build's, untouched: its build time stays.
        assertThat(Files.readString(first.dir().resolve("dataset.json"))).contains("2026-12-01T00:00:00Z");
        try (Stream<Path> siblings = Files.list(datasets)) {
            assertThat(siblings).hasSize(1);
        }
    }

    @Test
    void shouldWriteDifferentDataToANewFolderAndKeepTheOld() throws Exception {
        List<DatasetRow> rows = rows();
        BuiltDataset first = writerAt("2026-12-01T00:00:00Z").write(spec(), rows);
        List<DatasetRow> relabelled = new ArrayList<>(rows.subList(0, 2));
        DatasetRow c = rows.get(2);
        relabelled.add(new DatasetRow(
                c.studyKey(),
                c.instanceKey(),
                new StudyLabel(Label.BENIGN, "diagnosis:pathology", RECORDED),
                c.site(),
                c.split(),
                c.ageYears(),
                c.sex(),
                c.bodyPart(),
                c.view(),
                c.source()));

        BuiltDataset second = writerAt("2026-12-02T00:00:00Z").write(spec(), relabelled);

        assertThat(second.contentSha256()).isNotEqualTo(first.contentSha256());
        assertThat(second.dir()).isNotEqualTo(first.dir());
        assertThat(second.reused()).isFalse();
        Manifest.verify(first.dir(), first.contentSha256());
        assertThat(Files.readString(first.dir().resolve("labels.csv"))).contains("imagec,normal");
    }

    @Test
    void shouldRefuseToReuseAFolderThatNoLongerMatchesItsManifest() throws Exception {
        List<DatasetRow> rows = rows();
        BuiltDataset first = writerAt("2026-12-01T00:00:00Z").write(spec(), rows);
        Path image = first.dir().resolve("images/imagea.dcm");
        Files.setPosixFilePermissions(first.dir().resolve("images"), PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(image, "tampered");

        assertThatThrownBy(() -> writerAt("2026-12-02T00:00:00Z").write(spec(), rows))
                .isInstanceOf(DatasetCorruptException.class)
                .hasMessageContaining("images/imagea.dcm changed");
        try (Stream<Path> siblings = Files.list(datasets)) {
            assertThat(siblings).containsExactly(first.dir());
        }
    }

    @Test
    void shouldFailWithoutADatasetWhenAnObjectIsOverTheBound() throws Exception {
        List<DatasetRow> rows = rows();
        DatasetSpec small =
                new DatasetSpec(datasets, "site-b", new SplitRule(30, 15), 5, Map.of(), new Exclusions(), 0);

        assertThatThrownBy(() -> writerAt("2026-12-01T00:00:00Z").write(small, rows))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("past 5 bytes");
        try (Stream<Path> siblings = Files.list(datasets)) {
            assertThat(siblings).isEmpty();
        }
    }

    @Test
    void shouldRefuseANameThatIsNotAPlainFolderName() {
        for (String name : List.of("../x", "Site B", "", "a/b")) {
            assertThatThrownBy(() ->
                            new DatasetSpec(datasets, name, new SplitRule(30, 15), 1, Map.of(), new Exclusions(), 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
