package org.osteon.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.scoring.TestModels;

/**
 * The model digest a deployment pins: exactly the files the service reads, each confined to the folder,
 * the same value the documented shell command gives, and a copy that is what was hashed.
 */
class ModelFilesTest {

    /** The command in ModelFiles' javadoc, docs/scoring.md and scoring/README.md. */
    private static final String DOCUMENTED =
            "cd \"$1\" && { echo model.json; jq -r .file model.json; echo golden/golden.json;"
                    + " jq -r '.cases[] | \"golden/\" + .file, \"golden/\" + .input' golden/golden.json; }"
                    + " | LC_ALL=C sort -u | xargs sha256sum | sha256sum";

    @Test
    void shouldGiveTheDigestTheDocumentedShellCommandGives(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("jq") && onPath("sha256sum"), "jq and sha256sum are needed to run the documented command");
        Path small = smallModel(dir.resolve("m"));
        assertThat(ModelFiles.read(small).sha256()).isEqualTo(shell(small));
        if (TestModels.goldenPresent()) {
            assertThat(ModelFiles.read(TestModels.defaultModelDir()).sha256())
                    .isEqualTo(shell(TestModels.defaultModelDir()));
        }
    }

    @Test
    void shouldChangeWithEveryFileItReadsAndWithNoOther(@TempDir Path dir) throws Exception {
        Path m = smallModel(dir.resolve("m"));
        ModelFiles before = ModelFiles.read(m);
        assertThat(before.sha256ByName())
                .containsOnlyKeys(
                        "model.json",
                        "graph.onnx",
                        "golden/golden.json",
                        "golden/a.dcm",
                        "golden/a.f32",
                        "golden/b.dcm",
                        "golden/b.f32");
        Files.writeString(m.resolve("MODEL_CARD.md"), "not read by the service");
        Files.writeString(m.resolve("golden/notes.txt"), "not named by golden.json");
        assertThat(ModelFiles.read(m).sha256())
                .as("files the service never reads")
                .isEqualTo(before.sha256());

        for (String name : before.sha256ByName().keySet()) {
            Path f = m.resolve(name);
            byte[] original = Files.readAllBytes(f);
            byte[] changed = original.clone();
            changed[changed.length - 1] ^= 1;
            Files.write(f, changed);
            String after;
            try {
                after = ModelFiles.read(m).sha256();
            } catch (ModelDescriptorException e) {
                after = "unreadable: " + e.getMessage(); // a JSON file with a flipped bit may no longer parse
            }
            assertThat(after).as(name).isNotEqualTo(before.sha256());
            Files.write(f, original);
        }
        assertThat(ModelFiles.read(m).sha256()).isEqualTo(before.sha256());
    }

    @Test
    void shouldRefuseNamesThatCouldLeaveTheFolder(@TempDir Path dir) throws Exception {
        Path m = smallModel(dir.resolve("m"));
        Files.writeString(dir.resolve("outside.onnx"), "graph from elsewhere");
        for (String name :
                List.of("../outside.onnx", "/etc/passwd", "./graph.onnx", "sub/../graph.onnx", ".hidden", "")) {
            Files.writeString(m.resolve("model.json"), "{\"file\": \"" + name + "\"}");
            assertThatThrownBy(() -> ModelFiles.read(m))
                    .as(name)
                    .isInstanceOf(ModelDescriptorException.class)
                    .hasMessageContaining("not a plain relative file name");
        }
        Files.writeString(m.resolve("model.json"), "{\"file\": \"graph.onnx\"}");
        Files.writeString(
                m.resolve("golden/golden.json"),
                "{\"cases\": [{\"file\": \"../../outside.onnx\", \"input\": \"a.f32\"}]}");
        assertThatThrownBy(() -> ModelFiles.read(m)).hasMessageContaining("not a plain relative file name");
    }

    @Test
    void shouldRefuseALinkThatLeadsOutsideTheFolder(@TempDir Path dir) throws Exception {
        Path m = smallModel(dir.resolve("m"));
        Path elsewhere = Files.writeString(dir.resolve("elsewhere.onnx"), "graph from elsewhere");
        Files.delete(m.resolve("graph.onnx"));
        Files.createSymbolicLink(m.resolve("graph.onnx"), elsewhere);
        assertThatThrownBy(() -> ModelFiles.read(m))
                .hasMessageContaining("graph.onnx")
                .hasMessageContaining("resolves outside it");

        // A link that stays inside is the file it names.
        Files.delete(m.resolve("graph.onnx"));
        Files.writeString(m.resolve("real.onnx"), "graph");
        Files.createSymbolicLink(m.resolve("graph.onnx"), m.resolve("real.onnx"));
        assertThat(ModelFiles.read(m).sha256ByName()).containsKey("graph.onnx");
    }

    @Test
    void shouldRequireGoldenVectors(@TempDir Path dir) throws Exception {
        Path m = smallModel(dir.resolve("m"));
        Files.delete(m.resolve("golden/golden.json"));
        assertThatThrownBy(() -> ModelFiles.read(m)).hasMessageContaining("no golden vectors (golden/golden.json)");
        Files.writeString(m.resolve("golden/golden.json"), "{\"cases\": []}");
        assertThatThrownBy(() -> ModelFiles.read(m)).hasMessageContaining("lists no cases");
        Files.writeString(
                m.resolve("golden/golden.json"), "{\"cases\": [{\"file\": \"a.dcm\", \"input\": \"missing.f32\"}]}");
        assertThatThrownBy(() -> ModelFiles.read(m)).hasMessageContaining("no file golden/missing.f32");
    }

    @Test
    void shouldCopyExactlyTheFilesItHashed(@TempDir Path dir) throws Exception {
        Path m = smallModel(dir.resolve("m"));
        Files.writeString(m.resolve("MODEL_CARD.md"), "not read by the service");
        Path into = Files.createDirectory(dir.resolve("copy"));
        ModelFiles copied = ModelFiles.copy(m, into);
        assertThat(copied.sha256()).isEqualTo(ModelFiles.read(m).sha256());
        assertThat(copied.directory()).isEqualTo(m.toRealPath());
        try (Stream<Path> files = Files.walk(into)) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(p -> into.relativize(p).toString().replace('\\', '/')))
                    .containsExactlyInAnyOrderElementsOf(copied.sha256ByName().keySet());
        }
        for (String name : copied.sha256ByName().keySet()) {
            assertThat(into.resolve(name)).hasSameBinaryContentAs(m.resolve(name));
        }
        assertThat(ModelFiles.read(into).sha256()).isEqualTo(copied.sha256());
    }

    /** A folder with the shape ModelFiles reads; the contents need not be a runnable model. */
    private static Path smallModel(Path m) throws IOException {
        Files.createDirectories(m.resolve("golden"));
        Files.writeString(m.resolve("model.json"), "{\"name\": \"m\", \"file\": \"graph.onnx\"}");
        Files.write(m.resolve("graph.onnx"), new byte[] {1, 2, 3, 4});
        Files.writeString(
                m.resolve("golden/golden.json"),
                "{\"cases\": [{\"file\": \"b.dcm\", \"input\": \"b.f32\"},"
                        + " {\"file\": \"a.dcm\", \"input\": \"a.f32\"}]}");
        for (String name : List.of("a.dcm", "a.f32", "b.dcm", "b.f32")) {
            Files.writeString(m.resolve("golden/" + name), "content of " + name);
        }
        return m;
    }

    private static String shell(Path dir) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", DOCUMENTED, "documented", dir.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.strip().split("\\s+")[0];
    }

    private static boolean onPath(String tool) {
        try {
            return new ProcessBuilder("bash", "-c", "command -v " + tool)
                            .start()
                            .waitFor()
                    == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
