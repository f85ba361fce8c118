package org.osteon.scoring.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The append-only record of the model actions taken at run time ({@value #FILE_NAME} in the models
 * root, one JSON object per line): digests pinned by an admin, promotions of the shadow to primary and
 * rollbacks. It is also where run-time pins live: the digests of its {@code pin} and {@code promote}
 * lines are pinned beside the configured ones, and it is read again at start-up, so a restart keeps
 * them. Each line is written with one append and forced to disk before the action it records takes
 * effect. Bounded: a line longer than {@value #MAX_LINE_BYTES} bytes, or a file past its configured
 * number of lines, is refused, at start-up as on an append, with an error that says so; an operator
 * archives the file and starts a new one.
 */
public final class ModelAudit {

    /** The file's name in the models root: hidden, so it is never mistaken for a model folder. */
    public static final String FILE_NAME = ".osteon-pins.jsonl";
    /** Longest line read or written; a real entry is a few hundred bytes. */
    public static final int MAX_LINE_BYTES = 4096;
    /** The default of {@code osteon.scoring.model-audit-max-lines}: years of weekly promotions. */
    public static final int DEFAULT_MAX_LINES = 10_000;

    /** Lenient about fields it does not know, so a later version's lines still read. */
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** What an entry records. */
    public enum Action {
        pin,
        promote,
        rollback
    }

    /**
     * One line. {@code modelSha256} is the model digest ({@link org.osteon.scoring.model.ModelFiles})
     * the action pinned or loaded; {@code dir} its folder; for a promotion {@code gateReportSha256} and
     * {@code goldenSha256} (SHA-256 of its {@code golden/golden.json}), and the primary it replaced
     * ({@code previousDir}, {@code previousSha256}) for a later rollback; for a rollback, the model it
     * replaced in the same two fields.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(
            @JsonProperty("at") String at,
            @JsonProperty("by") String by,
            @JsonProperty("action") Action action,
            @JsonProperty("model_sha256") String modelSha256,
            @JsonProperty("dir") String dir,
            @JsonProperty("gate_report_sha256") String gateReportSha256,
            @JsonProperty("golden_sha256") String goldenSha256,
            @JsonProperty("previous_dir") String previousDir,
            @JsonProperty("previous_sha256") String previousSha256,
            @JsonProperty("reason") String reason) {}

    /** Thrown when the file may not grow: the action is refused and nothing changes. */
    public static final class FullException extends IllegalStateException {
        FullException(String message) {
            super(message);
        }
    }

    private final Path file;
    private final int maxLines;
    private final List<Entry> entries = new ArrayList<>();

    /**
     * Reads {@code file} when it exists, expecting it to belong to the user this process runs as.
     *
     * @throws IllegalStateException as {@link #ModelAudit(Path, int, String)}
     */
    public ModelAudit(Path file, int maxLines) {
        this(file, maxLines, System.getProperty("user.name"));
    }

    /**
     * Reads {@code file} when it exists. Whoever can write the audit can pin and promote a model, and
     * whoever can write its folder can replace the file; so both must be this service's alone.
     *
     * @param owner the user the file must belong to: the process user, or a test's stand-in
     * @throws IllegalStateException when its folder is writable by group or others, or the file is a
     *         link, not a regular file, owned by another user than {@code owner}, writable by group or
     *         others, holds a line that is not an entry or too long, or more than {@code maxLines}
     *         lines: an audit nobody can trust must stop the service, not be ignored
     */
    ModelAudit(Path file, int maxLines, String owner) {
        if (maxLines < 1) {
            throw new IllegalArgumentException("maxLines must be at least 1");
        }
        this.file = file;
        this.maxLines = maxLines;
        Path folder = file.toAbsolutePath().getParent();
        refuseIfOthersMayWrite(folder, "folder of the model audit " + file, "chmod go-w");
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException("model audit " + file + " is not a regular file (a link is refused)");
        }
        refuseIfOwnedByAnother(file, owner);
        refuseIfOthersMayWrite(file, "model audit " + file, "chmod 600");
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (n > maxLines) {
                    throw new IllegalStateException("model audit " + file + " has more than " + maxLines
                            + " lines (osteon.scoring.model-audit-max-lines): archive it and start a new one");
                }
                if (line.getBytes(StandardCharsets.UTF_8).length > MAX_LINE_BYTES) {
                    throw new IllegalStateException(
                            "model audit " + file + " line " + n + " is longer than " + MAX_LINE_BYTES + " bytes");
                }
                try {
                    Entry e = JSON.readValue(line, Entry.class);
                    if (e.action() == null || e.modelSha256() == null) {
                        throw new IOException("no action or model_sha256");
                    }
                    entries.add(e);
                } catch (IOException e) {
                    throw new IllegalStateException(
                            "model audit " + file + " line " + n + " is not an entry: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model audit " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Every entry, oldest first. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The last {@code n} entries, oldest first. */
    public synchronized List<Entry> last(int n) {
        return List.copyOf(entries.subList(Math.max(0, entries.size() - n), entries.size()));
    }

    /** The digests pinned at run time: those of every {@code pin} and {@code promote} line, lower-case. */
    public synchronized Set<String> pins() {
        Set<String> pins = new TreeSet<>();
        for (Entry e : entries) {
            if (e.action() == Action.pin || e.action() == Action.promote) {
                pins.add(e.modelSha256().toLowerCase(Locale.ROOT));
            }
        }
        return pins;
    }

    /**
     * The promotion a rollback would undo: the latest promotion not yet rolled back (each rollback
     * undoes the latest promotion still standing, so promotions and rollbacks nest like a stack).
     */
    public synchronized Optional<Entry> standingPromotion() {
        Deque<Entry> standing = new ArrayDeque<>();
        for (Entry e : entries) {
            if (e.action() == Action.promote) {
                standing.push(e);
            } else if (e.action() == Action.rollback && !standing.isEmpty()) {
                standing.pop();
            }
        }
        return Optional.ofNullable(standing.peek());
    }

    /** Throws {@link FullException} unless one more line fits: to check before an action starts. */
    public synchronized void requireRoom() {
        if (entries.size() >= maxLines) {
            throw new FullException("model audit " + file + " is full (" + maxLines
                    + " lines, osteon.scoring.model-audit-max-lines): archive it and start a new one;"
                    + " nothing was changed");
        }
    }

    /**
     * Appends {@code entry} as one line and forces it to disk before returning; the file is created
     * owner-only. Throws, leaving file and memory as they were, when it is full or the write fails.
     */
    public synchronized void append(Entry entry) {
        requireRoom();
        byte[] line;
        try {
            line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (line.length > MAX_LINE_BYTES) {
            throw new IllegalArgumentException("audit entry longer than " + MAX_LINE_BYTES + " bytes (a long reason?)");
        }
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                create(file);
            }
            try (FileChannel out = FileChannel.open(
                    file, StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the model audit " + file + ": " + e.getMessage(), e);
        }
        entries.add(entry);
    }

    private static void create(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        // The new name must reach the disk too, or a crash could keep the line and lose the file.
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for fsync; the line itself is still forced.
        }
    }

    private static void refuseIfOwnedByAnother(Path file, String owner) {
        String actual;
        try {
            actual = Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName();
        } catch (UnsupportedOperationException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the owner of the model audit " + file + ": " + e, e);
        }
        if (!actual.equals(owner)) {
            throw new IllegalStateException("model audit " + file + " belongs to " + actual + ", not to " + owner
                    + ", the user this service runs as: another user could have written its pins and promotions;"
                    + " check its lines, then chown it to " + owner);
        }
    }

    private static void refuseIfOthersMayWrite(Path path, String what, String fix) {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the permissions of the " + what + ": " + e, e);
        }
        if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IllegalStateException(what + " (" + path + ") is writable by group or others ("
                    + PosixFilePermissions.toString(perms) + "): anyone who can write it can pin a model;"
                    + " make it owner-only (" + fix + ")");
        }
    }
}
