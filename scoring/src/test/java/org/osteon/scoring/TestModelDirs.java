package org.osteon.scoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Copies of the committed model folder under another version, for swap and shadow tests. */
public final class TestModelDirs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestModelDirs() {
    }

    /** {@code target} becomes models/default with {@code version} in model.json; {@code golden} may edit golden.json. */
    public static Path copy(Path target, String version, Consumer<ObjectNode> golden) {
        Path source = TestModels.defaultModelDir();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.toList()) {
                Path to = target.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else if (!f.getFileName().toString().contains(".cam-")) {
                    Files.copy(f, to);
                }
            }
            ObjectNode model = (ObjectNode) JSON.readTree(target.resolve("model.json").toFile());
            model.put("version", version);
            JSON.writeValue(target.resolve("model.json").toFile(), model);
            Path goldenJson = target.resolve("golden/golden.json");
            ObjectNode g = (ObjectNode) JSON.readTree(goldenJson.toFile());
            golden.accept(g);
            JSON.writeValue(goldenJson.toFile(), g);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
