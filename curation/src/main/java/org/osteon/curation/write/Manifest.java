package org.osteon.curation.write;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.osteon.platform.store.ObjectStores;

/**
 * MANIFEST.sha256: {@code <sha256>  <relative path>} for labels.csv and every image, sorted by path (the
 * format {@code sha256sum -c} checks). The dataset's content hash is the SHA-256 of these bytes, so it
 * names exactly the labels and images, and nothing that differs between two builds of the same data
 * (the build time in dataset.json).
 */
public final class Manifest {

    public static final String FILE = "MANIFEST.sha256";

    private final SortedMap<String, String> digests = new TreeMap<>();

    public void add(String relativePath, String sha256) {
        digests.put(relativePath, sha256);
    }

    public byte[] bytes() {
        StringBuilder text = new StringBuilder();
        digests.forEach(
                (path, sha) -> text.append(sha).append("  ").append(path).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    public String contentSha256() {
        return Sha256.hex(bytes());
    }

    /**
     * Checks a built dataset against its manifest: the manifest hashes to {@code expectedContentSha256},
     * each listed file has its listed digest, and images/ holds no file the manifest does not list.
     *
     * @throws DatasetCorruptException on any difference
     */
    public static void verify(Path dataset, String expectedContentSha256) throws IOException {
        byte[] manifest = Files.readAllBytes(dataset.resolve(FILE));
        if (!Sha256.hex(manifest).equals(expectedContentSha256)) {
            throw new DatasetCorruptException(dataset, FILE + " does not hash to " + expectedContentSha256);
        }
        Map<String, String> listed = new TreeMap<>();
        for (String line : new String(manifest, StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int gap = line.indexOf("  ");
            if (gap != 64) {
                throw new DatasetCorruptException(dataset, "malformed manifest line");
            }
            listed.put(line.substring(66), line.substring(0, 64));
        }
        for (var entry : listed.entrySet()) {
            Path file = dataset.resolve(entry.getKey()).normalize();
            if (!file.startsWith(dataset) || !Files.isRegularFile(file)) {
                throw new DatasetCorruptException(dataset, "missing " + entry.getKey());
            }
            if (!ObjectStores.sha256(file).equals(entry.getValue())) {
                throw new DatasetCorruptException(dataset, entry.getKey() + " changed since the build");
            }
        }
        Path images = dataset.resolve("images");
        if (Files.isDirectory(images)) {
            try (Stream<Path> present = Files.list(images)) {
                for (Path file : (Iterable<Path>) present::iterator) {
                    if (!listed.containsKey("images/" + file.getFileName())) {
                        throw new DatasetCorruptException(dataset, "images/" + file.getFileName() + " is not listed");
                    }
                }
            }
        }
    }
}
