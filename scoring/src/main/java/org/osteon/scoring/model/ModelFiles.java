package org.osteon.scoring.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The files of a model folder this service reads, and the one digest that names them all: what a
 * deployment pins before a swap may load a folder.
 *
 * <p>The set is {@code model.json}, the graph file its {@code file} names, {@code golden/golden.json},
 * and every {@code file} and {@code input} its cases name (relative to {@code golden/}). Each name must
 * be a plain relative path ({@value #NAME_RULE}) and must resolve, links followed, to a regular file
 * inside the folder. The folder's <em>model digest</em> is the SHA-256 of the manifest
 * {@code sha256sum} prints for those files, sorted by name in byte order, so that anyone can compute
 * it away from the pod:
 *
 * <pre>
 * cd DIR &amp;&amp; { echo model.json; jq -r .file model.json; echo golden/golden.json;
 *   jq -r '.cases[] | "golden/" + .file, "golden/" + .input' golden/golden.json; } \
 *   | LC_ALL=C sort -u | xargs sha256sum | sha256sum
 * </pre>
 *
 * Files the service never reads (the model card, plots, report) are not part of it.
 */
public record ModelFiles(Path directory, SortedMap<String, String> sha256ByName, String sha256) {

    public static final String GOLDEN_JSON = "golden/golden.json";
    /** Path segments of letters, digits, dot, dash and underscore, none starting with a dot. */
    static final String NAME_RULE = "[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*";

    private static final Pattern NAME = Pattern.compile(NAME_RULE);
    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelFiles {
        sha256ByName = Collections.unmodifiableSortedMap(new TreeMap<>(sha256ByName));
    }

    /** Lists and hashes the files of {@code dir} where they are. */
    public static ModelFiles read(Path dir) {
        return walk(dir, null);
    }

    /**
     * Copies the files of {@code dir} into the empty folder {@code into}, under the same names, and
     * hashes the bytes it copied. The list itself comes from the copied {@code model.json} and
     * {@code golden.json}, so the copy is exactly what the digest names, whatever happens to
     * {@code dir} meanwhile: load from {@code into}, not from {@code dir}.
     */
    public static ModelFiles copy(Path dir, Path into) {
        return walk(dir, into);
    }

    /** The manifest the digest is taken over: one {@code sha256sum} line per file, in name order. */
    public String manifest() {
        return manifest(sha256ByName);
    }

    private static ModelFiles walk(Path dir, Path into) {
        Path real = realDirectory(dir);
        TreeMap<String, String> digests = new TreeMap<>();
        JsonNode model = json(take(real, into, ModelDescriptor.FILE_NAME, digests), ModelDescriptor.FILE_NAME);
        take(real, into, name(model.path("file"), "model.json 'file'"), digests);
        if (!Files.exists(real.resolve(GOLDEN_JSON))) {
            throw new ModelDescriptorException("no golden vectors (" + GOLDEN_JSON + ") in model folder " + real
                    + ": a model must reproduce its export on this service before it scores");
        }
        JsonNode golden = json(take(real, into, GOLDEN_JSON, digests), GOLDEN_JSON);
        JsonNode cases = golden.path("cases");
        if (!cases.isArray() || cases.isEmpty()) {
            throw new ModelDescriptorException(GOLDEN_JSON + " in " + real + " lists no cases");
        }
        for (JsonNode c : cases) {
            take(real, into, "golden/" + name(c.path("file"), GOLDEN_JSON + " case 'file'"), digests);
            take(real, into, "golden/" + name(c.path("input"), GOLDEN_JSON + " case 'input'"), digests);
        }
        return new ModelFiles(
                real, digests, hex(newDigest().digest(manifest(digests).getBytes(StandardCharsets.US_ASCII))));
    }

    /**
     * Hashes {@code name} in {@code dir} (copying it into {@code into} when set) and returns the file to
     * read its content from: the copy, or the file itself.
     */
    private static Path take(Path dir, Path into, String name, TreeMap<String, String> digests) {
        if (!NAME.matcher(name).matches()) {
            throw new ModelDescriptorException("'" + name + "' is not a plain relative file name (" + NAME_RULE + ")");
        }
        Path source = dir.resolve(name);
        Path target = into == null ? null : into.resolve(name);
        if (digests.containsKey(name)) {
            return target == null ? source : target;
        }
        if (!Files.isRegularFile(source)) {
            throw new ModelDescriptorException("no file " + name + " in model folder " + dir);
        }
        try {
            Path real = source.toRealPath();
            if (!real.startsWith(dir)) {
                throw new ModelDescriptorException(
                        name + " in model folder " + dir + " resolves outside it, to " + real);
            }
            MessageDigest sha = newDigest();
            try (InputStream in = new DigestInputStream(Files.newInputStream(real), sha)) {
                if (target == null) {
                    in.transferTo(OutputStream.nullOutputStream());
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
            digests.put(name, hex(sha.digest()));
            return target == null ? real : target;
        } catch (IOException e) {
            throw new ModelDescriptorException("cannot read " + name + " in model folder " + dir + ": " + e, e);
        }
    }

    private static String name(JsonNode node, String what) {
        if (!node.isTextual()) {
            throw new ModelDescriptorException(what + " must name a file");
        }
        return node.asText();
    }

    private static JsonNode json(Path file, String name) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelDescriptorException(name + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static String manifest(SortedMap<String, String> digests) {
        StringBuilder out = new StringBuilder();
        digests.forEach((name, hex) -> out.append(hex).append("  ").append(name).append('\n'));
        return out.toString();
    }

    private static Path realDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ModelDescriptorException(
                    "model folder " + dir.toAbsolutePath() + " is not an existing directory");
        }
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new ModelDescriptorException("cannot read model folder " + dir.toAbsolutePath() + ": " + e, e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
