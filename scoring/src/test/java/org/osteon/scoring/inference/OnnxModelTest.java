package org.osteon.scoring.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.scoring.TestModels;
import org.osteon.scoring.model.ModelDescriptor;

/** Session set-up with the committed model: provider choice and agreement between model.json and the graph. */
class OnnxModelTest {

    private ModelDescriptor descriptor;

    @BeforeEach
    void load() {
        assumeTrue(TestModels.goldenPresent(), "models/default not committed yet");
        descriptor = ModelDescriptor.load(TestModels.defaultModelDir());
    }

    private static SessionSettings cuda(boolean allowCpuFallback) {
        SessionSettings cpu = SessionSettings.cpu(1);
        return new SessionSettings(
                Device.CUDA,
                allowCpuFallback,
                1,
                false,
                cpu.optimizationLevel(),
                0,
                cpu.cudnnConvAlgoSearch(),
                cpu.arenaExtendStrategy(),
                cpu.gpuMemLimitBytes());
    }

    private static boolean cudaLoads() {
        return ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA);
    }

    @Test
    void shouldFallBackToCpuWhenCudaIsUnavailableAndFallbackIsAllowed() {
        assumeTrue(!cudaLoads(), "CUDA is available here");
        try (OnnxModel model = OnnxModel.load(descriptor, cuda(true))) {
            assertThat(model.executionProvider()).isEqualTo(OnnxModel.CPU);
        }
    }

    @Test
    void shouldRefuseToStartInCudaModeWhenCudaIsUnavailable() {
        assumeTrue(!cudaLoads(), "CUDA is available here");
        assertThatThrownBy(() -> OnnxModel.load(descriptor, cuda(false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CUDA execution provider is unavailable")
                .hasMessageContaining("allow-cpu-fallback");
    }

    @Test
    void shouldRejectAModelJsonThatNamesAnOutputTheGraphLacks(@TempDir Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode)
                json.readTree(TestModels.defaultModelDir().resolve("model.json").toFile());
        ((ObjectNode) root.get("outputs")).put("uncertainty", "certainty");
        Files.writeString(dir.resolve("model.json"), root.toString());
        Files.copy(descriptor.modelFile(), dir.resolve(root.get("file").asText()));
        ModelDescriptor wrong = ModelDescriptor.load(dir);
        assertThatThrownBy(() -> OnnxModel.load(wrong, SessionSettings.cpu(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'certainty' is not in the graph");
    }
}
