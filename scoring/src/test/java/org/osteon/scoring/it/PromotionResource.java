package org.osteon.scoring.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.osteon.scoring.TestGateReports;
import org.osteon.scoring.TestModelDirs;

/**
 * The in-JVM broker and a models root holding the shadow the service starts with ({@value #SHADOW}),
 * a candidate whose gate report passes ({@value #NEXT}, {@code next/}) and one whose report fails
 * ({@value #FAILING}, {@code failing/}), neither pinned in the configuration: they come in through
 * {@code POST /api/model/pins}. Swap is on, with one unrelated configured pin (the configuration needs one).
 */
public class PromotionResource extends KafkaResource {

    public static final String SHADOW = "0.2.0-shadow";
    public static final String NEXT = "0.3.0-next";
    public static final String FAILING = "0.3.0-failing";

    @Override
    public Map<String, String> start() {
        Path root;
        try {
            root = Files.createTempDirectory("osteon-promotion-it").toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path shadow = TestModelDirs.copy(root.resolve("shadow"), SHADOW, g -> {});
        Path next = TestModelDirs.copy(root.resolve("next"), NEXT, g -> {});
        TestGateReports.write(next, "PASS", TestModelDirs.pin(next));
        Path failing = TestModelDirs.copy(root.resolve("failing"), FAILING, g -> {});
        TestGateReports.write(failing, "FAIL", TestModelDirs.pin(failing));
        Map<String, String> config = new HashMap<>(super.start());
        config.put("osteon.scoring.instance-id", "promotion-it");
        config.put("osteon.scoring.shadow-model-dir", shadow.toString());
        config.put("osteon.scoring.model-swap-enabled", "true");
        config.put("osteon.scoring.models-root", root.toString());
        config.put("osteon.scoring.model-swap-pinned-sha256", "f".repeat(64));
        config.put("osteon.test.promotion-root", root.toString());
        return config;
    }
}
