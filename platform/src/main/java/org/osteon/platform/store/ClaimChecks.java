package org.osteon.platform.store;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Claim checks turned into files, written once for every service. An event's {@code objectUri} comes from
 * Kafka: it is trusted only as far as it names a file below the root of the store the reader expects
 * (the PHI store for de-identification, the research store for scoring and the worklist's study view).
 * Anything else is refused with a {@link RefusedClaimCheck}, which is always the input's fault; a file
 * that is not there, or a store that cannot be read, is an {@link IOException}, so that each caller keeps
 * its own classification of the two (dead letter, retry, or "no image").
 */
public final class ClaimChecks {

    private ClaimChecks() {}

    /**
     * The existing regular file a claim check names, as its real path, when that lies below the store's
     * real root: links followed, so that a link inside the store pointing elsewhere is refused as surely as
     * a {@code ..} or a path elsewhere. The real path is what is read, so it alone decides: a URI that
     * spells the store through another name for it (the writer's configuration may name it through a
     * link) is the same object and is accepted. A path outside the store is refused before it is touched,
     * so a claim check can neither probe the host's files nor wake an automount.
     *
     * @throws NoSuchFileException when no regular file is there (the object is gone: the input's problem)
     * @throws IOException when the store cannot be read (unmounted, I/O error, no permission: transient)
     */
    public static Path open(Path root, String objectUri) throws RefusedClaimCheck, IOException {
        Path located = fileOf(objectUri);
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            // A store whose root is gone is unavailable, never a missing object: a plain IOException.
            throw new IOException("the store at " + root + " cannot be read: " + e, e);
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(located, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw missingUnlessOutside(root, located, objectUri);
        } catch (FileSystemException e) {
            if (!lexicallyInside(root, located)) {
                throw outside(objectUri);
            }
            // EIO, ESTALE, EACCES inside the store: the store's state, not the event's.
            throw new IOException("cannot read " + located + ": " + e.getMessage(), e);
        }
        if (!attributes.isRegularFile()) {
            throw missingUnlessOutside(root, located, objectUri);
        }
        Path real = located.toRealPath();
        if (!inside(realRoot, real)) {
            throw new RefusedClaimCheck(
                    RefusedClaimCheck.Reason.OUTSIDE_STORE,
                    "object URI links to a file outside the store: " + objectUri);
        }
        return real;
    }

    /**
     * No object at a path: missing when the path lies in the store, refused when it lies elsewhere, so
     * that whether a file exists outside the store never shows in the answer.
     */
    private static NoSuchFileException missingUnlessOutside(Path root, Path located, String objectUri)
            throws RefusedClaimCheck {
        if (!lexicallyInside(root, located)) {
            throw outside(objectUri);
        }
        return new NoSuchFileException(located.toString(), null, "no object there");
    }

    private static RefusedClaimCheck outside(String objectUri) {
        return new RefusedClaimCheck(
                RefusedClaimCheck.Reason.OUTSIDE_STORE, "object URI lies outside the store: " + objectUri);
    }

    private static boolean lexicallyInside(Path root, Path path) {
        return inside(root.toAbsolutePath().normalize(), path) || inside(realOrNull(root), path);
    }

    /**
     * As {@link #open}, then the file's SHA-256 compared with the claim check's: a changed object must never
     * be processed silently.
     */
    public static Path openVerified(Path root, String objectUri, String expectedSha256)
            throws RefusedClaimCheck, IOException {
        Path file = open(root, objectUri);
        String actual = ObjectStores.sha256(file);
        if (!actual.equalsIgnoreCase(Objects.requireNonNullElse(expectedSha256, ""))) {
            throw new RefusedClaimCheck(
                    RefusedClaimCheck.Reason.DIGEST_MISMATCH,
                    "SHA-256 of " + objectUri + " is " + actual + ", the event says " + expectedSha256);
        }
        return file;
    }

    private static Path fileOf(String objectUri) throws RefusedClaimCheck {
        if (objectUri == null || objectUri.isBlank()) {
            throw new RefusedClaimCheck(RefusedClaimCheck.Reason.NOT_A_FILE_URI, "event has no object URI");
        }
        try {
            URI uri = new URI(objectUri);
            if (!"file".equalsIgnoreCase(uri.getScheme())
                    || uri.isOpaque()
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                throw new RefusedClaimCheck(
                        RefusedClaimCheck.Reason.NOT_A_FILE_URI, "object URI is not a plain file: URI: " + objectUri);
            }
            // A file: URI's path is absolute; normalising removes "." and ".." before the root is compared.
            return Path.of(uri).normalize();
        } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
            throw new RefusedClaimCheck(
                    RefusedClaimCheck.Reason.NOT_A_FILE_URI, "object URI is not a file URI: " + objectUri);
        }
    }

    /** Strictly below the root: the root itself is no object. */
    private static boolean inside(Path root, Path file) {
        return root != null && file.startsWith(root) && !file.equals(root);
    }

    /**
     * The root's real path, when it exists: a URI may spell the store by its real path where the
     * configuration names it through a link (both name the same store).
     */
    private static Path realOrNull(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
