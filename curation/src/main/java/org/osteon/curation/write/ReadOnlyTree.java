package org.osteon.curation.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Permissions of a dataset folder: read-only once built, writable again only to delete an unfinished one. */
final class ReadOnlyTree {

    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("r--r--r--");
    static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("r-xr-xr-x");
    private static final Set<PosixFilePermission> WRITABLE_DIR = PosixFilePermissions.fromString("rwx------");

    private ReadOnlyTree() {}

    /** Files 0444, folders 0555, the deepest first so that a parent is closed last. */
    static void seal(Path root) throws IOException {
        for (Path path : deepestFirst(root)) {
            Files.setPosixFilePermissions(path, Files.isDirectory(path) ? DIR : FILE);
        }
    }

    /** Deletes an unfinished build, opening its folders first (a sealed folder refuses unlinks). */
    static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path dir : paths.filter(Files::isDirectory).toList()) {
                    Files.setPosixFilePermissions(dir, WRITABLE_DIR);
                }
            }
            for (Path path : deepestFirst(root)) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A leftover hidden temp folder beside the datasets is harmless and named as such.
        }
    }

    private static List<Path> deepestFirst(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.sorted(Comparator.reverseOrder()).toList();
        }
    }
}
