package org.osteon.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary folders of test resources that outlive one JUnit {@code @TempDir}. */
public final class TempDirs {

    private TempDirs() {}

    /** Deletes {@code dir} and everything in it; a folder left behind in the temp area is harmless. */
    public static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // nothing to do: the OS cleans the temp area
        }
    }
}
