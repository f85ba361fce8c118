package org.osteon.streams.fuzz;

import com.pixelmed.dicom.TransferSyntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.testsupport.dicom.MalformedDicom;

/**
 * Writes the fuzz test's seed corpus (valid radiographs in four transfer syntaxes and, encoded by
 * gdcmconv and dcmcjpls, in JPEG 2000 and JPEG-LS lossless, and every small
 * malformed case) into the test resources, where Jazzer's regression mode finds it. Run it after
 * changing {@link MalformedDicom}:
 * {@code ./mvnw -B -o test -pl streams -Dtest=SeedCorpus -Dosteon.fuzz.write-seeds=true}.
 */
class SeedCorpus {

    /** Larger seeds only slow every mutation down; the guard's own test covers the large cases. */
    private static final int MAX_SEED_BYTES = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    @EnabledIfSystemProperty(named = "osteon.fuzz.write-seeds", matches = "true")
    void writeSeeds() throws Exception {
        Path seeds = Files.createDirectories(Path.of(
                "src/test/resources/org/osteon/streams/fuzz/DeidentificationFuzzTestInputs/parseAndDeidentify"));
        Map<String, String> syntaxes = Map.of(
                "explicit-le",
                TransferSyntax.ExplicitVRLittleEndian,
                "implicit-le",
                TransferSyntax.ImplicitVRLittleEndian,
                "explicit-be",
                TransferSyntax.ExplicitVRBigEndian,
                "deflated",
                TransferSyntax.DeflatedExplicitVRLittleEndian);
        for (Map.Entry<String, String> syntax : syntaxes.entrySet()) {
            Files.write(
                    seeds.resolve("valid-radiograph-" + syntax.getKey()),
                    MalformedDicom.radiograph(dir, syntax.getValue()));
        }
        // What a PACS forwards as archived: the gateway decodes these on receipt, but the guard and the
        // parser see their encapsulated pixel data first. Encoded by the real tools (Debian's GDCM, dcmtk).
        Path plain = seeds.resolve("valid-radiograph-explicit-le");
        encode(plain, seeds.resolve("valid-radiograph-j2k-lossless"), "gdcmconv", "--j2k");
        encode(plain, seeds.resolve("valid-radiograph-jpegls-lossless"), "dcmcjpls", "+el");
        for (MalformedDicom.Case broken : MalformedDicom.cases(dir)) {
            if (broken.bytes().length <= MAX_SEED_BYTES) {
                Files.write(seeds.resolve(broken.name().replaceAll("[^A-Za-z0-9]+", "-")), broken.bytes());
            }
        }
    }

    private static void encode(Path in, Path out, String tool, String option) throws Exception {
        Process process = new ProcessBuilder(tool, option, in.toString(), out.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(tool + " failed: " + output);
        }
    }
}
