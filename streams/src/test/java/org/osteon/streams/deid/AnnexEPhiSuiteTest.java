package org.osteon.streams.deid;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.schemas.key.Pseudonymizer;
import org.osteon.streams.deid.profile.AttributeRule;
import org.osteon.streams.deid.profile.DeidProfile;

/**
 * The privacy officer's test: fake PHI in every attribute of PS3.15 Table E.1-1 as the shipped
 * profile transcribes it, de-identified with the default options, then checked by readers that are
 * not the code under test (pydicom, dcmtk's dcmdump) and validated by dicom3tools' dciodvfy.
 * The planting and checking script is tests/phi/annex_e_phi.py.
 */
class AnnexEPhiSuiteTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SCRIPT = ROOT.resolve("tests/phi/annex_e_phi.py");
    private static final Path PROFILE = ROOT.resolve("streams/src/main/resources/deid/ps3.15-basic-2024b.profile");
    private static final Pseudonymizer PSEUDONYMIZER =
            new Pseudonymizer("annex-e-suite-secret-at-least-32-bytes", "test");

    @TempDir
    static Path dir;

    private static JsonNode manifest;
    private static Path planted;
    private static Path deidentified;

    @BeforeAll
    static void plantAndDeidentify() throws Exception {
        Path base;
        try (Stream<Path> samples = Files.list(ROOT.resolve("samples/radiographs"))) {
            base = samples.filter(p -> p.toString().endsWith(".dcm"))
                    .sorted()
                    .findFirst()
                    .orElseThrow();
        }
        planted = dir.resolve("planted.dcm");
        Path manifestFile = dir.resolve("manifest.json");
        run(List.of(
                "/usr/bin/python3",
                SCRIPT.toString(),
                "plant",
                PROFILE.toString(),
                base.toString(),
                planted.toString(),
                manifestFile.toString()));
        manifest = new ObjectMapper().readTree(manifestFile.toFile());

        Deidentifier deidentifier = Deidentification.deidentifier(
                PSEUDONYMIZER, DeidProfile.loadDefault(), null, Deidentification.DEFAULT_MAX_DATE_SHIFT_DAYS);
        deidentified = dir.resolve("deidentified.dcm");
        Deidentifier.Result result = deidentifier.deidentify(planted, deidentified, PSEUDONYMIZER.patientKey("P"));
        assertThat(result.quarantined()).isFalse();
        if (System.getProperty("osteon.phi-suite.keep") != null) {
            Path keep = Files.createDirectories(Path.of(System.getProperty("osteon.phi-suite.keep")));
            for (Path p : List.of(planted, deidentified, manifestFile)) {
                Files.copy(p, keep.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void shouldPlantEveryAttributeOfTheTableInTheCode() {
        Set<String> table = DeidProfile.loadDefault().rules().stream()
                .map(AttributeRule::tag)
                .map(t -> t.text().toUpperCase().replace('X', 'x'))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> covered = new TreeSet<>();
        manifest.get("planted").forEach(n -> covered.add(n.get("tag").asText()));
        manifest.get("skipped").forEach(n -> covered.add(n.get("tag").asText()));

        assertThat(covered).isEqualTo(table);
        assertThat(manifest.get("skipped").size())
                .as("attributes that cannot be planted, each with a reason")
                .isLessThanOrEqualTo(3);
        manifest.get("skipped").forEach(n -> assertThat(n.get("why").asText()).isNotBlank());
        assertThat(manifest.get("tokens").size()).isGreaterThan(400);
        assertThat(manifest.get("uids").size()).isGreaterThan(50);
        assertThat(manifest.get("dates").size()).isGreaterThan(50);
    }

    @Test
    void shouldLeaveNoPlantedValueForPydicomOrDcmdumpToFind() throws Exception {
        String plantedReport = run(
                List.of(
                        "/usr/bin/python3",
                        SCRIPT.toString(),
                        "verify",
                        dir.resolve("manifest.json").toString(),
                        planted.toString()),
                1);
        assertThat(plantedReport)
                .as("the check finds the planted values before de-identification")
                .contains("\"finding_count\": ");
        assertThat(new ObjectMapper()
                        .readTree(plantedReport)
                        .get("finding_count")
                        .asInt())
                .isGreaterThan(500);

        String report = run(
                List.of(
                        "/usr/bin/python3",
                        SCRIPT.toString(),
                        "verify",
                        dir.resolve("manifest.json").toString(),
                        deidentified.toString()),
                0);
        assertThat(new ObjectMapper().readTree(report).get("finding_count").asInt())
                .as(report)
                .isZero();
    }

    /**
     * Table E.1-1 itself creates this one: Ethics Committee Name (D, so still present) is Type 1C,
     * required only if the Approval Number (X, so removed) is present. Any conformant Basic Profile
     * de-identifier of an object with both reports it; the other 600-odd attributes must add none.
     */
    private static final Set<String> CONFLICTS_IN_THE_STANDARD = Set.of("<ClinicalTrialProtocolEthicsCommitteeName>");

    @Test
    void shouldAddNoDciodvfyErrorToTheInput() throws Exception {
        Set<String> before = errors(planted);
        Set<String> after = errors(deidentified);
        after.removeAll(before);
        after.removeIf(e -> CONFLICTS_IN_THE_STANDARD.stream().anyMatch(e::contains));
        assertThat(after)
                .as("errors dciodvfy reports for the de-identified object but not for its input")
                .isEmpty();
    }

    /** dciodvfy's error lines, without the values they quote, so a changed value is not a new error. */
    private static Set<String> errors(Path file) throws Exception {
        Process process = new ProcessBuilder("/usr/bin/dciodvfy", file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.lines()
                .filter(l -> l.startsWith("Error"))
                .map(l -> l.replaceAll("<[^>]*> =", "").replaceAll("Value=<[^>]*>", "Value=<>"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String run(List<String> command) throws Exception {
        return run(command, 0);
    }

    private static String run(List<String> command, int expectedExit) throws Exception {
        Process process = new ProcessBuilder(new ArrayList<>(command))
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isEqualTo(expectedExit);
        return out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(out);
    }
}
