package org.osteon.scoring.it;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.osteon.scoring.TestModelDirs;

/**
 * The in-JVM broker of {@link KafkaResource} (two partitions) and copies of the committed model: a
 * shadow (version {@value #SHADOW}); in the models root, a candidate for a hot swap ({@value #CANDIDATE}),
 * a candidate whose golden vectors it cannot reproduce ({@value #BROKEN}), and the candidate with one
 * threshold changed after it was pinned ({@code tampered}); outside the root, the very same candidate
 * ({@code osteon.test.outside-root}/candidate). The service runs with the shadow and the swap endpoint
 * on, the candidate's and the broken one's digests pinned.
 */
public class LifecycleResource extends KafkaResource {

    public static final String SHADOW = "0.2.0-shadow";
    public static final String CANDIDATE = "0.3.0-candidate";
    public static final String BROKEN = "0.2.0-broken";

    @Override
    protected int partitions() {
        return 2;
    }

    @Override
    public Map<String, String> start() {
        Path root;
        Path outside;
        try {
            root = Files.createTempDirectory("osteon-lifecycle-it");
            outside = Files.createTempDirectory("osteon-lifecycle-it-outside");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path shadow = TestModelDirs.copy(outside.resolve("shadow"), SHADOW, g -> {});
        Path candidate = TestModelDirs.copy(root.resolve("candidate"), CANDIDATE, g -> {});
        TestModelDirs.copy(outside.resolve("candidate"), CANDIDATE, g -> {});
        Path broken = TestModelDirs.copy(root.resolve("broken"), BROKEN, g -> {
            // A model that no longer reproduces its training outputs must be refused.
            ArrayNode probs = (ArrayNode) g.get("cases").get(0).get("outputs").get("probs");
            probs.set(0, probs.get(0).asDouble() + 0.05);
        });
        Path tampered = TestModelDirs.copy(root.resolve("tampered"), CANDIDATE, g -> {});
        try {
            // A valid model that escalates far less: not what was approved under the candidate's digest.
            Path json = tampered.resolve("model.json");
            Files.writeString(
                    json,
                    Files.readString(json)
                            .replaceFirst(
                                    "\"escalate_malignant_probability\":[0-9.eE-]+",
                                    "\"escalate_malignant_probability\":0.99"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>(super.start());
        config.put("osteon.scoring.instance-id", "lifecycle-it");
        config.put("osteon.scoring.shadow-model-dir", shadow.toString());
        config.put("osteon.scoring.model-swap-enabled", "true");
        config.put("osteon.scoring.models-root", root.toString());
        config.put(
                "osteon.scoring.model-swap-pinned-sha256",
                TestModelDirs.pin(candidate) + "," + TestModelDirs.pin(broken));
        config.put("osteon.test.models-root", root.toString());
        config.put("osteon.test.outside-root", outside.toString());
        return config;
    }
}
