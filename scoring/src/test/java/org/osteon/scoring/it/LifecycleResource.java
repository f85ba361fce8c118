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
 * The in-JVM broker of {@link KafkaResource} (two partitions) and three copies of the committed model:
 * a shadow (version {@value #SHADOW}), a candidate for a hot swap ({@value #CANDIDATE}), and a
 * candidate whose golden vectors it cannot reproduce ({@value #BROKEN}). The service runs with the
 * shadow and the swap endpoint on.
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
        try {
            root = Files.createTempDirectory("osteon-lifecycle-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path shadow = TestModelDirs.copy(root.resolve("shadow"), SHADOW, g -> { });
        TestModelDirs.copy(root.resolve("candidate"), CANDIDATE, g -> { });
        TestModelDirs.copy(root.resolve("broken"), BROKEN, g -> {
            // A model that no longer reproduces its training outputs must be refused.
            ArrayNode probs = (ArrayNode) g.get("cases").get(0).get("outputs").get("probs");
            probs.set(0, probs.get(0).asDouble() + 0.05);
        });
        Map<String, String> config = new HashMap<>(super.start());
        config.put("osteon.scoring.instance-id", "lifecycle-it");
        config.put("osteon.scoring.shadow-model-dir", shadow.toString());
        config.put("osteon.scoring.model-swap-enabled", "true");
        config.put("osteon.test.models-root", root.toString());
        return config;
    }
}
