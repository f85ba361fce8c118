package org.osteon.curation.write;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osteon.curation.build.SplitRule;

/**
 * Writes a dataset folder (docs/learning.md, "Datasets"): everything goes into a hidden temporary folder
 * beside the target, is sealed read-only (files 0444, folders 0555) and renamed into place in one atomic
 * step, so a reader sees a whole dataset or none. The folder is named by its content hash: a build of the
 * same labels and images finds its folder already there, verifies it against its manifest and reuses it;
 * different data makes a different folder. Nothing is ever changed in place.
 */
public final class DatasetWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Clock clock;

    public DatasetWriter(Clock clock) {
        this.clock = clock;
    }

    public BuiltDataset write(DatasetSpec spec, List<DatasetRow> rows) throws IOException {
        Files.createDirectories(spec.datasetsRoot());
        Path temp = Files.createTempDirectory(spec.datasetsRoot(), "." + spec.name() + ".building-");
        try {
            Manifest manifest = new Manifest();
            Path images = Files.createDirectory(temp.resolve("images"));
            for (DatasetRow row : rows) {
                manifest.add(row.file(), copy(row.source(), images.resolve(row.instanceKey() + ".dcm"), spec));
            }
            byte[] labels = LabelsCsv.render(rows);
            Files.write(temp.resolve("labels.csv"), labels);
            manifest.add("labels.csv", Sha256.hex(labels));
            Files.write(temp.resolve(Manifest.FILE), manifest.bytes());
            String contentSha256 = manifest.contentSha256();
            Map<String, Object> card = DataCard.json(spec, contentSha256, rows);
            JSON.writeValue(temp.resolve("dataset.json").toFile(), datasetJson(spec, contentSha256, rows));
            JSON.writeValue(temp.resolve("data_card.json").toFile(), card);
            Files.writeString(temp.resolve("DATA_CARD.md"), DataCard.markdown(card), StandardCharsets.UTF_8);

            Path target = spec.datasetsRoot().resolve(spec.name() + "-" + contentSha256.substring(0, 12));
            BuiltDataset built = new BuiltDataset(
                    target,
                    contentSha256,
                    false,
                    rows.size(),
                    DataCard.studies(rows),
                    DataCard.labelCounts(rows),
                    spec.exclusions().total(),
                    spec.exclusions().counts());
            if (Files.exists(target)) {
                return reuse(target, built);
            }
            ReadOnlyTree.seal(temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // Another build of the same data got there first: the same version, so it is reused.
                return reuse(target, built);
            }
            return built;
        } finally {
            ReadOnlyTree.deleteQuietly(temp);
        }
    }

    private static BuiltDataset reuse(Path target, BuiltDataset built) throws IOException {
        Manifest.verify(target, built.contentSha256());
        return new BuiltDataset(
                target,
                built.contentSha256(),
                true,
                built.images(),
                built.studies(),
                built.labelCounts(),
                built.excluded(),
                built.exclusions());
    }

    /** A byte copy bounded by the largest object allowed, hashed on the way. */
    private static String copy(Path source, Path target, DatasetSpec spec) throws IOException {
        MessageDigest digest = Sha256.digest();
        byte[] buffer = new byte[256 << 10];
        long copied = 0;
        try (InputStream in = Files.newInputStream(source);
                OutputStream out = Files.newOutputStream(target)) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                copied += read;
                if (copied > spec.maxObjectBytes()) {
                    // Checked before the copy too; an object that grew since is the store's fault, not a row's.
                    throw new IOException(
                            target.getFileName() + " grew past " + spec.maxObjectBytes() + " bytes while copied");
                }
                digest.update(buffer, 0, read);
                out.write(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private Map<String, Object> datasetJson(DatasetSpec spec, String contentSha256, List<DatasetRow> rows) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", "osteon-dataset");
        json.put("format_version", 1);
        json.put("name", spec.name());
        json.put("content_sha256", contentSha256);
        json.put("built_at", DateTimeFormatter.ISO_INSTANT.format(clock.instant()));
        json.put("topics", spec.topics());
        json.put("images", rows.size());
        json.put("studies", DataCard.studies(rows));
        json.put("label_counts", DataCard.labelCounts(rows));
        json.put("split_rule", SplitRule.DESCRIPTION);
        json.put("test_pct", spec.splitRule().testPct());
        json.put("cal_pct", spec.splitRule().calPct());
        json.put("provenance", DatasetSpec.PROVENANCE);
        return json;
    }
}
