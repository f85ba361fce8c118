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

    private TestModelDirs() {}

    /**
     * The model digest of a copy made by {@link #copy}, computed here apart from the service's own code:
     * the SHA-256 of {@code sha256sum}'s lines for model.json, model.onnx and every file in golden/
     * (all that a copy of models/default holds there), sorted by name.
     */
    public static String pin(Path dir) {
        try (Stream<Path> golden = Files.list(dir.resolve("golden"))) {
            java.util.TreeMap<String, String> lines = new java.util.TreeMap<>();
            for (Path f : golden.toList()) {
                lines.put("golden/" + f.getFileName(), sha256(Files.readAllBytes(f)));
            }
            for (String name : java.util.List.of("model.json", "model.onnx")) {
                lines.put(name, sha256(Files.readAllBytes(dir.resolve(name))));
            }
            StringBuilder manifest = new StringBuilder();
            lines.forEach((name, hex) ->
                    manifest.append(hex).append("  ").append(name).append('\n'));
            return sha256(manifest.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
            ObjectNode model =
                    (ObjectNode) JSON.readTree(target.resolve("model.json").toFile());
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
