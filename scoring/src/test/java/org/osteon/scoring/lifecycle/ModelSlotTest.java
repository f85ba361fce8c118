package org.osteon.scoring.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.FloatBuffer;
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

/** Hot swap with real sessions: verified before staging, installed only between batches, old session closed. */
class ModelSlotTest {

    private final ModelLoader loader = new ModelLoader(SessionSettings.cpu(1));

    @BeforeEach
    void needsModel() {
        assumeTrue(TestModels.goldenPresent(), "models/default not committed yet");
    }

    @Test
    void shouldInstallAStagedModelAtTheNextBatchAndCloseTheOldSession(@TempDir Path dir) throws Exception {
        Path candidate = TestModelDirs.copy(dir.resolve("c"), "9.9.9", g -> { });
        try (Models models = Models.open(loader, TestModels.defaultModelDir(), Optional.empty())) {
            OnnxModel old = models.primary().forNextBatch();
            models.swap(ModelRole.PRIMARY, candidate);
            assertThat(models.primary().active()).as("still the old one until the next batch").isSameAs(old);
            assertThat(models.primary().staged().descriptor().version()).isEqualTo("9.9.9");

            OnnxModel now = models.primary().forNextBatch();
            assertThat(now.descriptor().version()).isEqualTo("9.9.9");
            assertThat(models.primary().staged()).isNull();
            assertThatThrownBy(() -> old.run(FloatBuffer.allocate(128 * 128), 1, Optional.empty()))
                    .as("the replaced session is closed").isInstanceOf(Exception.class);
        }
    }

    @Test
    void shouldRefuseACandidateThatDoesNotReproduceItsGoldenVectors(@TempDir Path dir) {
        Path broken = TestModelDirs.copy(dir.resolve("b"), "6.6.6", g -> ((com.fasterxml.jackson.databind.node.ObjectNode)
                g.get("cases").get(1).get("outputs")).put("uncertainty", 0.999));
        try (Models models = Models.open(loader, TestModels.defaultModelDir(), Optional.empty())) {
            assertThatThrownBy(() -> models.swap(ModelRole.PRIMARY, broken))
                    .hasMessageContaining("golden case").hasMessageContaining("output diff");
            assertThat(models.primary().staged()).isNull();
            assertThatThrownBy(() -> models.swap(ModelRole.SHADOW, broken)).hasMessageContaining("no shadow model");
        }
    }
}
