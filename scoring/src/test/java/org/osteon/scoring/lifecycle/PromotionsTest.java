package org.osteon.scoring.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.scoring.TestGateReports;
import org.osteon.scoring.TestModelDirs;
import org.osteon.scoring.TestModels;
import org.osteon.scoring.inference.SessionSettings;
import org.osteon.scoring.lifecycle.ModelAudit.Action;
import org.osteon.scoring.lifecycle.ModelAudit.Entry;
import org.osteon.scoring.lifecycle.PromotionRefusedException.Reason;
import org.osteon.scoring.model.ModelDescriptor;
import org.osteon.scoring.model.ModelFiles;

/** Pin, promote and roll back with real sessions, each audited, and every refusal leaving the models as they were. */
class PromotionsTest {

    private static final String SHADOW = "0.4.0-shadow";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    private final ModelLoader loader = new ModelLoader(SessionSettings.cpu(1));

    @BeforeEach
    void needsModel() {
        assumeTrue(TestModels.goldenPresent(), "models/default not committed yet");
    }

    @Test
    void shouldPromoteAPassingShadowAndRollBackToThePreviousPrimary(@TempDir Path tmp) throws Exception {
        Path root = tmp.toRealPath();
        Path shadow = TestModelDirs.copy(root.resolve("shadow"), SHADOW, g -> {});
        String shadowSha = TestModelDirs.pin(shadow);
        String report = TestGateReports.write(shadow, "PASS", shadowSha);
        assertThat(GateReport.find(shadow).orElseThrow().candidateModelSha256())
                .as("the report names scoring's digest (pin_sha256), not the graph's hash (model_sha256)")
                .isEqualTo(shadowSha)
                .isNotEqualTo(ModelFiles.read(shadow).sha256ByName().get("model.onnx"));
        assertThat(TestModelDirs.pin(shadow))
                .as("the gate report is not part of the model digest")
                .isEqualTo(shadowSha);
        String primaryVersion =
                ModelDescriptor.load(TestModels.defaultModelDir()).version();
        String primarySha = ModelFiles.read(TestModels.defaultModelDir()).sha256();
        try (Models models = Models.open(loader, TestModels.defaultModelDir(), Optional.of(shadow))) {
            SwapPolicy policy = new SwapPolicy(root, List.of("f".repeat(64)));
            Promotions promotions = new Promotions(
                    models,
                    policy.audit(),
                    CLOCK,
                    List.of(TestModels.defaultModelDir()),
                    Optional.of(TestGateReports.REFERENCE_SHA256.toUpperCase()));

            Entry promoted = promotions.promote("ops", shadow, report.toUpperCase(), "approved by a test");
            assertThat(promoted.action()).isEqualTo(Action.promote);
            assertThat(promoted.modelSha256()).isEqualTo(shadowSha);
            assertThat(promoted.gateReportSha256()).isEqualTo(report);
            assertThat(promoted.goldenSha256())
                    .isEqualTo(ModelFiles.read(shadow).sha256ByName().get("golden/golden.json"));
            assertThat(promoted.previousSha256()).isEqualTo(primarySha);
            assertThat(promoted.at()).isEqualTo("2026-12-07T10:00:00Z");
            assertThat(promoted.reason()).isEqualTo("approved by a test");
            assertThat(versionOfNextPrimaryBatch(models)).isEqualTo(SHADOW);
            assertThat(policy.isPinned(shadowSha))
                    .as("a promotion pins what it promotes")
                    .isTrue();

            Entry rolledBack = promotions.rollback("ops");
            assertThat(rolledBack.action()).isEqualTo(Action.rollback);
            assertThat(rolledBack.modelSha256()).isEqualTo(primarySha);
            assertThat(rolledBack.previousSha256()).isEqualTo(shadowSha);
            assertThat(versionOfNextPrimaryBatch(models)).isEqualTo(primaryVersion);

            assertThatThrownBy(() -> promotions.rollback("ops"))
                    .isInstanceOf(PromotionRefusedException.class)
                    .hasMessageContaining("no promotion to roll back");
        }
        // A restart reads the same record: the promotion's pin holds, and so does the history.
        ModelAudit restarted = new SwapPolicy(root, List.of("f".repeat(64))).audit();
        assertThat(restarted.entries()).extracting(Entry::action).containsExactly(Action.promote, Action.rollback);
        assertThat(restarted.pins()).containsExactly(shadowSha);
    }

    @Test
    void shouldRefuseAWrongHashAFailingReportAnotherModelsReportAndAFolderThatIsNotTheShadow(@TempDir Path tmp)
            throws Exception {
        Path root = tmp.toRealPath();
        Path shadow = TestModelDirs.copy(root.resolve("shadow"), SHADOW, g -> {});
        Path other = TestModelDirs.copy(root.resolve("other"), "0.5.0-other", g -> {});
        String shadowSha = TestModelDirs.pin(shadow);
        String primaryVersion =
                ModelDescriptor.load(TestModels.defaultModelDir()).version();
        try (Models models = Models.open(loader, TestModels.defaultModelDir(), Optional.of(shadow))) {
            ModelAudit audit = new ModelAudit(root.resolve(ModelAudit.FILE_NAME), 10);
            Promotions promotions = new Promotions(models, audit, CLOCK);

            assertRefused(
                    () -> promotions.promote("ops", shadow, "a".repeat(64), null),
                    Reason.UNACCEPTABLE,
                    "no gate report");
            String failing = TestGateReports.write(shadow, "FAIL", shadowSha);
            assertRefused(
                    () -> promotions.promote("ops", shadow, failing, null), Reason.UNACCEPTABLE, "decision is FAIL");
            String passing = TestGateReports.write(shadow, "PASS", shadowSha);
            assertRefused(
                    () -> promotions.promote("ops", shadow, failing, null),
                    Reason.UNACCEPTABLE,
                    "not the approved " + failing);
            String forOther = TestGateReports.write(shadow, "PASS", TestModelDirs.pin(other));
            assertRefused(
                    () -> promotions.promote("ops", shadow, forOther, null), Reason.UNACCEPTABLE, "but the shadow in");
            Promotions locked = new Promotions(models, audit, CLOCK, List.of(), Optional.of("9".repeat(64)));
            String onTheirReference = TestGateReports.write(shadow, "PASS", shadowSha);
            assertRefused(
                    () -> locked.promote("ops", shadow, onTheirReference, null),
                    Reason.UNACCEPTABLE,
                    "not the locked " + "9".repeat(64));
            String otherReport = TestGateReports.write(other, "PASS", TestModelDirs.pin(other));
            assertRefused(
                    () -> promotions.promote("ops", other, otherReport, null),
                    Reason.CONFLICT,
                    "is not the running shadow");
            assertThatThrownBy(() -> promotions.promote("ops", shadow, "not-a-digest", null))
                    .isInstanceOf(SwapRefusedException.class);

            assertThat(passing).isNotEqualTo(forOther);
            assertThat(versionOfNextPrimaryBatch(models)).isEqualTo(primaryVersion);
            assertThat(audit.entries()).isEmpty();
            assertThat(Files.exists(audit.file())).isFalse();
        }
    }

    @Test
    void shouldPinOnlyTheDigestTheFolderHashesTo(@TempDir Path tmp) throws Exception {
        Path root = tmp.toRealPath();
        Path candidate = TestModelDirs.copy(root.resolve("candidate"), "0.6.0", g -> {});
        String sha = TestModelDirs.pin(candidate);
        try (Models models = Models.open(loader, TestModels.defaultModelDir(), Optional.empty())) {
            SwapPolicy policy = new SwapPolicy(root, List.of("f".repeat(64)));
            Promotions promotions = new Promotions(models, policy.audit(), CLOCK);
            assertRefused(
                    () -> promotions.pin("ops", candidate, "e".repeat(64), "trial"),
                    Reason.UNACCEPTABLE,
                    "not " + "e".repeat(64));
            assertThat(policy.isPinned(sha)).isFalse();

            Entry pinned = promotions.pin("ops", candidate, sha, "site B fine-tune");
            assertThat(pinned.reason()).isEqualTo("site B fine-tune");
            assertThat(policy.pin(sha)).isEqualTo(sha);
            models.swap(org.osteon.scoring.postprocess.ModelRole.PRIMARY, candidate, policy.pin(sha));
            assertThat(versionOfNextPrimaryBatch(models)).isEqualTo("0.6.0");
            assertThatThrownBy(() -> promotions.promote("ops", candidate, "a".repeat(64), null))
                    .isInstanceOf(PromotionRefusedException.class)
                    .hasMessageContaining("no shadow model runs here");
        }
    }

    @Test
    void shouldRefuseARollbackToAFolderOutsideTheRootOrWhenThePromotedModelNoLongerRuns(@TempDir Path tmp)
            throws Exception {
        Path root = Files.createDirectory(tmp.toRealPath().resolve("models"));
        Path outside = TestModelDirs.copy(tmp.toRealPath().resolve("elsewhere"), "0.9.0-planted", g -> {});
        String outsideSha = TestModelDirs.pin(outside);
        String primarySha = ModelFiles.read(TestModels.defaultModelDir()).sha256();
        ModelAudit audit = new ModelAudit(root.resolve(ModelAudit.FILE_NAME), 10);
        // A line as a writer of the audit could forge it: it names the running primary as promoted, and a
        // folder outside every allowed place, with that folder's true digest, as the one to go back to.
        audit.append(new Entry(
                "2026-12-07T09:00:00Z",
                "ops",
                Action.promote,
                primarySha,
                TestModels.defaultModelDir().toString(),
                "a".repeat(64),
                null,
                outside.toString(),
                outsideSha,
                null));
        try (Models models = Models.open(loader, TestModels.defaultModelDir(), Optional.empty())) {
            Promotions promotions =
                    new Promotions(models, audit, CLOCK, List.of(TestModels.defaultModelDir()), Optional.empty());
            assertThat(promotions.standingMismatch()).isEmpty();
            assertRefused(() -> promotions.rollback("ops"), Reason.UNACCEPTABLE, "neither in the models root");
            assertThat(versionOfNextPrimaryBatch(models))
                    .isEqualTo(
                            ModelDescriptor.load(TestModels.defaultModelDir()).version());
            assertThat(audit.entries()).hasSize(1);
        }

        // After a restart the configured model-dir runs, not the promoted model: say so, and refuse to
        // "roll back" what is not running.
        Path promoted = TestModelDirs.copy(root.resolve("promoted"), "0.8.0-promoted", g -> {});
        audit.append(new Entry(
                "2026-12-07T09:30:00Z",
                "ops",
                Action.promote,
                TestModelDirs.pin(promoted),
                promoted.toString(),
                "b".repeat(64),
                null,
                TestModels.defaultModelDir().toString(),
                primarySha,
                null));
        try (Models models = Models.open(loader, TestModels.defaultModelDir(), Optional.empty())) {
            Promotions promotions =
                    new Promotions(models, audit, CLOCK, List.of(TestModels.defaultModelDir()), Optional.empty());
            assertThat(promotions.standingMismatch())
                    .get()
                    .asString()
                    .contains(TestModelDirs.pin(promoted), primarySha, "osteon.scoring.model-dir");
            assertRefused(() -> promotions.rollback("ops"), Reason.CONFLICT, "is not the model the latest promotion");
            assertThat(audit.entries()).hasSize(2);
        }
    }

    private static String versionOfNextPrimaryBatch(Models models) {
        try (ModelSlot.Lease lease = models.primary().lease()) {
            return lease.model().descriptor().version();
        }
    }

    private static void assertRefused(Runnable action, Reason reason, String message) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(
                        PromotionRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(message);
    }
}
