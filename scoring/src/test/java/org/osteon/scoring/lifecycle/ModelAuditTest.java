package org.osteon.scoring.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.scoring.lifecycle.ModelAudit.Action;
import org.osteon.scoring.lifecycle.ModelAudit.Entry;

/** The model audit: append-only JSON lines that survive a restart, owner-only, and bounded. */
class ModelAuditTest {

    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String C = "c".repeat(64);

    private static Entry entry(Action action, String sha, String previousSha) {
        return new Entry(
                "2026-12-07T00:00:00Z",
                "ops",
                action,
                sha,
                "/m/" + sha.charAt(0),
                null,
                null,
                previousSha == null ? null : "/m/" + previousSha.charAt(0),
                previousSha,
                null);
    }

    @Test
    void shouldKeepItsPinsAndPromotionsAcrossARestart(@TempDir Path root) throws Exception {
        Path file = root.resolve(ModelAudit.FILE_NAME);
        ModelAudit audit = new ModelAudit(file, 10);
        audit.append(entry(Action.pin, A, null));
        audit.append(entry(Action.promote, B, C));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1))
                .contains("\"action\":\"promote\"", "\"model_sha256\":\"" + B + "\"", "\"previous_dir\":\"/m/c\"");

        ModelAudit restarted = new ModelAudit(file, 10);
        assertThat(restarted.entries()).isEqualTo(audit.entries());
        assertThat(restarted.pins()).containsExactlyInAnyOrder(A, B);
        assertThat(new SwapPolicy(root, List.of(C)).isPinned(A.toUpperCase())).isTrue();
    }

    @Test
    void shouldRollBackTheLatestPromotionStillStanding(@TempDir Path root) {
        ModelAudit audit = new ModelAudit(root.resolve(ModelAudit.FILE_NAME), 10);
        assertThat(audit.standingPromotion()).isEmpty();
        audit.append(entry(Action.promote, B, A));
        audit.append(entry(Action.promote, C, B));
        assertThat(audit.standingPromotion())
                .get()
                .extracting(Entry::previousSha256)
                .isEqualTo(B);
        audit.append(entry(Action.rollback, B, C));
        assertThat(audit.standingPromotion())
                .get()
                .extracting(Entry::previousSha256)
                .isEqualTo(A);
        audit.append(entry(Action.rollback, A, B));
        assertThat(audit.standingPromotion()).isEmpty();
    }

    @Test
    void shouldRefuseToGrowPastItsBoundAndToStartOnAFileOverIt(@TempDir Path root) throws Exception {
        Path file = root.resolve(ModelAudit.FILE_NAME);
        ModelAudit audit = new ModelAudit(file, 2);
        audit.append(entry(Action.pin, A, null));
        audit.append(entry(Action.pin, B, null));
        assertThatThrownBy(() -> audit.append(entry(Action.pin, C, null)))
                .isInstanceOf(ModelAudit.FullException.class)
                .hasMessageContaining("is full (2 lines, osteon.scoring.model-audit-max-lines)");
        assertThat(Files.readAllLines(file)).hasSize(2);
        assertThat(audit.pins()).doesNotContain(C);

        assertThatThrownBy(() -> new ModelAudit(file, 1)).hasMessageContaining("more than 1 lines");
        ModelAudit roomy = new ModelAudit(root.resolve("other.jsonl"), 10);
        assertThatThrownBy(() -> roomy.append(new Entry(
                        "t",
                        "ops",
                        Action.pin,
                        A,
                        "/m",
                        null,
                        null,
                        null,
                        null,
                        "x".repeat(ModelAudit.MAX_LINE_BYTES))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(roomy.entries()).isEmpty();
    }

    @Test
    void shouldRefuseAFileOthersMayWriteOrThatIsNotAnAudit(@TempDir Path root) throws Exception {
        Path file = root.resolve(ModelAudit.FILE_NAME);
        new ModelAudit(file, 10).append(entry(Action.pin, A, null));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        assertThatThrownBy(() -> new ModelAudit(file, 10)).hasMessageContaining("writable by group or others");
        assertThatThrownBy(() -> new SwapPolicy(root, List.of(B))).hasMessageContaining("writable by group");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(file, "not json\n", java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> new ModelAudit(file, 10)).hasMessageContaining("line 2 is not an entry");

        Path link = root.resolve("link");
        Files.createSymbolicLink(link, file);
        assertThatThrownBy(() -> new ModelAudit(link, 10)).hasMessageContaining("not a regular file");
    }

    @Test
    void shouldRefuseAFileOfAnotherUserOrInAFolderOthersMayWrite(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectory(tmp.resolve("models"));
        Path file = root.resolve(ModelAudit.FILE_NAME);
        new ModelAudit(file, 10).append(entry(Action.pin, A, null));
        String me = Files.getOwner(file).getName();
        assertThat(new ModelAudit(file, 10, me).pins()).containsExactly(A);
        assertThatThrownBy(() -> new ModelAudit(file, 10, "osteon-scoring-not-me"))
                .hasMessageContaining("belongs to " + me + ", not to osteon-scoring-not-me");

        // Whoever may write the folder may swap the file for one of their own.
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxr-x"));
        assertThatThrownBy(() -> new ModelAudit(file, 10))
                .hasMessageContaining("folder of the model audit")
                .hasMessageContaining("writable by group or others");
        Files.delete(file);
        assertThatThrownBy(() -> new SwapPolicy(root, List.of(B)))
                .as("refused before any audit exists, so none can be planted later")
                .hasMessageContaining("writable by group or others");
    }
}
