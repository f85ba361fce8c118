package org.osteon.scoring.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.scoring.TestModelDirs;
import org.osteon.scoring.TestModels;
import org.osteon.scoring.inference.OnnxModel;
import org.osteon.scoring.inference.SessionSettings;
import org.osteon.scoring.postprocess.ModelRole;
import org.osteon.scoring.preprocess.Preprocessor;

/**
 * Hot swap with real sessions: only the pinned files, verified before staging, installed only between
 * batches, old session closed.
 */
class ModelSlotTest {

    private final ModelLoader loader = new ModelLoader(SessionSettings.cpu(1));

    @BeforeEach
    void needsModel() {
        assumeTrue(TestModels.goldenPresent(), "models/default not committed yet");
    }

    @Test
    void shouldInstallAStagedModelAtTheNextLeaseAndCloseTheOldSession(@TempDir Path dir) throws Exception {
        Path candidate = TestModelDirs.copy(dir.resolve("c"), "9.9.9", g -> {});
        try (Models models = Models.open(loader, TestModels.defaultModelDir(), Optional.empty())) {
            OnnxModel old;
            try (ModelSlot.Lease lease = models.primary().lease()) {
                old = lease.model();
            }
            models.swap(ModelRole.PRIMARY, candidate, TestModelDirs.pin(candidate));
            assertThat(models.primary().active())
                    .as("still the old one until the next batch")
                    .isSameAs(old);
            assertThat(models.primary().staged().descriptor().version()).isEqualTo("9.9.9");

            try (ModelSlot.Lease lease = models.primary().lease()) {
                assertThat(lease.model().descriptor().version()).isEqualTo("9.9.9");
                assertThat(runs(lease.model())).isTrue();
            }
            assertThat(models.primary().staged()).isNull();
            assertThat(runs(old)).as("the replaced session is closed").isFalse();
        }
    }

    @Test
    void shouldKeepTheReplacedSessionOpenUntilItsLastBatchReturnsItsLease(@TempDir Path dir) throws Exception {
        Path candidate = TestModelDirs.copy(dir.resolve("c"), "9.9.9", g -> {});
        try (Models models = Models.open(loader, TestModels.defaultModelDir(), Optional.empty())) {
            ModelSlot.Lease running = models.primary().lease();
            models.swap(ModelRole.PRIMARY, candidate, TestModelDirs.pin(candidate));
            try (ModelSlot.Lease next = models.primary().lease()) {
                assertThat(next.model()).isNotSameAs(running.model());
                assertThat(runs(running.model()))
                        .as("another worker's batch is still on the old session")
                        .isTrue();
            }
            running.close();
            assertThat(runs(running.model())).as("closed with its last lease").isFalse();
            running.close(); // returning a lease twice is harmless
        }
    }

    /** True when one inference on a blank image succeeds; false when the session refuses (closed). */
    private static boolean runs(OnnxModel model) {
        int floats = new Preprocessor(model.descriptor().preprocessing()).floatsPerImage();
        try {
            model.run(
                    ByteBuffer.allocateDirect(floats * Float.BYTES)
                            .order(ByteOrder.nativeOrder())
                            .asFloatBuffer(),
                    1,
                    Optional.empty());
            return true;
        } catch (Exception | Error e) {
            return false;
        }
    }

    @Test
    void shouldRefuseACandidateThatDoesNotReproduceItsGoldenVectors(@TempDir Path dir) {
        Path broken = TestModelDirs.copy(
                dir.resolve("b"),
                "6.6.6",
                g -> ((com.fasterxml.jackson.databind.node.ObjectNode)
                                g.get("cases").get(1).get("outputs"))
                        .put("uncertainty", 0.999));
        try (Models models = Models.open(loader, TestModels.defaultModelDir(), Optional.empty())) {
            assertThatThrownBy(() -> models.swap(ModelRole.PRIMARY, broken, TestModelDirs.pin(broken)))
                    .hasMessageContaining("golden case")
                    .hasMessageContaining("output diff");
            assertThat(models.primary().staged()).isNull();
            assertThatThrownBy(() -> models.swap(ModelRole.SHADOW, broken, TestModelDirs.pin(broken)))
                    .hasMessageContaining("no shadow model");
        }
    }

    @Test
    void shouldRefuseACandidateWhoseFilesAreNotThePinnedOnes(@TempDir Path dir) throws Exception {
        Path approved = TestModelDirs.copy(dir.resolve("approved"), "7.7.7", g -> {});
        String pin = TestModelDirs.pin(approved);
        // The same folder after someone lowered its escalation threshold: a valid model, not the approved one.
        Path json = approved.resolve("model.json");
        Files.writeString(
                json,
                Files.readString(json)
                        .replaceFirst(
                                "\"escalate_malignant_probability\":[0-9.eE-]+",
                                "\"escalate_malignant_probability\":0.01"));
        assertThat(TestModelDirs.pin(approved)).isNotEqualTo(pin);
        try (Models models = Models.open(loader, TestModels.defaultModelDir(), Optional.empty())) {
            assertThatThrownBy(() -> models.swap(ModelRole.PRIMARY, approved, pin))
                    .hasMessageContaining("not the pinned " + pin)
                    .hasMessageContaining("nothing was loaded");
            assertThat(models.primary().staged()).isNull();
            assertThat(models.primary().active().descriptor().version()).isNotEqualTo("7.7.7");
        }
    }

    @Test
    void shouldRefuseAModelWithoutGoldenVectorsAtStartUpAndAsACandidate(@TempDir Path dir) throws Exception {
        Path bare = TestModelDirs.copy(dir.resolve("bare"), "5.5.5", g -> {});
        try (var golden = Files.walk(bare.resolve("golden"))) {
            for (Path p : golden.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        assertThatThrownBy(() -> loader.load(bare)).hasMessageContaining("no golden vectors");
        try (Models models = Models.open(loader, TestModels.defaultModelDir(), Optional.empty())) {
            assertThatThrownBy(
                            () -> models.swap(ModelRole.PRIMARY, bare, TestModelDirs.pin(TestModels.defaultModelDir())))
                    .hasMessageContaining("no golden vectors");
            assertThat(models.primary().staged()).isNull();
        }
    }
}
