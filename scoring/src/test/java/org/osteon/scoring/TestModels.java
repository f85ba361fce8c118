package org.osteon.scoring;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the committed model: {@code ../models/default} from the scoring module folder. */
public final class TestModels {

    private TestModels() {}

    /**
     * The model folder under test. {@code -Dosteon.test.model-dir=...} points the same tests at another
     * artifact (for example a freshly trained candidate) without editing them.
     */
    public static Path defaultModelDir() {
        return Path.of(System.getProperty("osteon.test.model-dir", "../models/default"))
                .toAbsolutePath()
                .normalize();
    }

    public static Path goldenDir() {
        return defaultModelDir().resolve("golden");
    }

    /** True once training has committed model.json and its golden vectors. */
    public static boolean goldenPresent() {
        return Files.isRegularFile(defaultModelDir().resolve("model.json"))
                && Files.isRegularFile(goldenDir().resolve("golden.json"));
    }
}
