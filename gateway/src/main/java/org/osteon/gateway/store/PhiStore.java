package org.osteon.gateway.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.osteon.platform.store.ObjectStores;

/**
 * The PHI zone's object store as the gateway writes it: received objects under
 * {@code <root>/<studyUID>/<sopUID>.dcm}, the receipt spool in {@code <root>/.incoming}, and refused
 * objects kept in {@code <root>/.rejected} so that a dead letter can name them by claim check.
 *
 * <p>Objects are placed by hard link (a copy where the source is on another file system), never by a
 * move: the caller keeps its source until the outcome is final, so a failure before the event is
 * acknowledged leaves the source to retry (a watched folder's file stays in the folder). A stored object
 * is never replaced; a second object with the same UIDs and other bytes is refused as a collision.
 *
 * <p>Every write goes through {@link #link(Path, Path)}, the seam a test uses to fill the disk.
 */
public class PhiStore {

    /** What {@link #place} found at the claim-check location. */
    public enum Placement {
        /** The object is now stored there. */
        STORED,
        /** The same bytes were already stored there: a resend. */
        ALREADY_STORED,
        /** Other bytes are stored under the same UIDs; nothing was changed. */
        COLLISION
    }

    private final Path root;
    private final long rejectedMaxBytes;
    /** Bytes in the rejected area as last counted; -1 until first needed. People delete there, so it may run high. */
    private long rejectedBytes = -1;

    /** A store whose rejected area is unbounded: tests and the ingest benchmark. */
    public PhiStore(Path root) {
        this(root, Long.MAX_VALUE);
    }

    /** @param rejectedMaxBytes most bytes the rejected area may hold ({@code osteon.store.rejected-max-size}) */
    public PhiStore(Path root, long rejectedMaxBytes) {
        this.root = root;
        this.rejectedMaxBytes = rejectedMaxBytes;
    }

    public Path root() {
        return root;
    }

    /** Where receipts are written before they are placed: inside the store, so a link never crosses file systems. */
    public Path spool() {
        return root.resolve(".incoming");
    }

    /** Where refused objects are kept for the person who reads the dead letter. */
    public Path rejected() {
        return root.resolve(".rejected");
    }

    /** The claim-check location of an object, refusing UIDs that could escape the root. */
    public Path pathOf(String studyInstanceUid, String sopInstanceUid) {
        return ObjectStores.phiPath(root, studyInstanceUid, sopInstanceUid);
    }

    /** Stores {@code source} at {@code target} unless something is there already; {@code source} stays. */
    public Placement place(Path source, Path target, String sha256) throws IOException {
        Files.createDirectories(target.getParent());
        try {
            link(source, target);
            return Placement.STORED;
        } catch (FileAlreadyExistsException e) {
            return sha256.equals(ObjectStores.sha256(target)) ? Placement.ALREADY_STORED : Placement.COLLISION;
        }
    }

    /**
     * Keeps a refused object under a fresh name in {@link #rejected()}; {@code source} stays.
     *
     * @throws RejectedAreaFullException when keeping it would pass the bound: a fault of this side
     */
    public synchronized Path keepRejected(Path source) throws IOException {
        Path folder = Files.createDirectories(rejected());
        long size = Files.size(source);
        if (rejectedBytes < 0 || rejectedBytes + size > rejectedMaxBytes) {
            rejectedBytes = bytesIn(folder);
        }
        if (rejectedBytes + size > rejectedMaxBytes) {
            throw new RejectedAreaFullException("the rejected area holds " + rejectedBytes
                    + " bytes; one more object of " + size + " would pass its bound of " + rejectedMaxBytes);
        }
        Path target = folder.resolve(UUID.randomUUID() + ".dcm");
        link(source, target);
        rejectedBytes += size;
        return target;
    }

    /** Gives back the room of a kept object that was removed again (its dead letter was not acknowledged). */
    public synchronized void forgetRejected(Path kept) throws IOException {
        long size = Files.size(kept);
        Files.deleteIfExists(kept);
        if (rejectedBytes >= size) {
            rejectedBytes -= size;
        }
    }

    private static long bytesIn(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            long total = 0;
            for (Path file : (Iterable<Path>) files::iterator) {
                total += Files.isRegularFile(file) ? Files.size(file) : 0;
            }
            return total;
        }
    }

    /** The rejected area is at its bound: the refused object cannot be kept now. */
    public static final class RejectedAreaFullException extends IOException {
        RejectedAreaFullException(String message) {
            super(message);
        }
    }

    /** Makes a stored object's bytes durable, for sources this process did not write and fsync itself. */
    public void force(Path stored) throws IOException {
        try (FileChannel channel = FileChannel.open(stored, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** An I/O failure's reason without the file names in it: store paths hold UIDs, which logs never do. */
    public static String reasonOf(IOException e) {
        if (e instanceof RejectedAreaFullException) {
            return e.getMessage();
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return e.getClass().getSimpleName() + ": " + fs.getReason();
        }
        return e.getClass().getSimpleName();
    }

    /**
     * Creates {@code target} with {@code source}'s bytes, atomically, failing with
     * {@link FileAlreadyExistsException} when it exists: a hard link, or across file systems a copy
     * that is then linked into place.
     */
    protected void link(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            Path partial = target.resolveSibling("." + UUID.randomUUID() + ".partial");
            try {
                Files.copy(source, partial);
                force(partial);
                Files.createLink(target, partial);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }
}
