package org.osteon.scoring.postprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.osteon.events.RadiographScored;
import org.osteon.schemas.Provenance;
import org.osteon.scoring.TestEvents;
import org.osteon.scoring.inference.Prediction;
import org.osteon.scoring.model.ModelDescriptor;

class ScoredEventMapperTest {

    private static ModelDescriptor descriptor() throws Exception {
        // The malignant label is first here, so a mapper that assumed "index 2" would fail.
        return ModelDescriptor.parse(new ObjectMapper().readTree("""
                {"name": "m", "version": "3.1.4", "file": "m.onnx", "opset": 17,
                 "inputs": [{"name": "image", "shape": [-1, 1, 8, 8], "dtype": "float32"}],
                 "outputs": {"probs": "probs", "spread": "spread", "uncertainty": "uncertainty", "cam": "cam"},
                 "labels": ["malignant", "normal", "benign"], "malignant_label": "malignant",
                 "preprocessing": {"version": "osteon-xr-pre-v1", "size": 8, "mean": 0.5, "std": 0.25},
                 "thresholds": {"alpha": 0.07, "escalate_malignant_probability": 0.33, "review_uncertainty": 0.44},
                 "provenance": "Trained on phantoms."}
                """), Path.of("."));
    }

    @Test
    void shouldStampModelThresholdsProvenanceAndCarryReceivedAt() throws Exception {
        ScoredEventMapper mapper = new ScoredEventMapper(descriptor(), "CPU");
        Prediction p = new Prediction(
                new double[] {0.6, 0.3, 0.1}, new double[] {0.01, 0.02, 0.03}, 0.25, new float[] {12.0f}, new int[] {
                    1, 1
                });
        Instant now = Instant.ofEpochMilli(5_000);

        RadiographScored s = mapper.map(TestEvents.deidentified("file:/x.dcm", "INSTANCE"), p, 1.5, 4, now);

        assertThat(s.getStudyKey()).isEqualTo("STUDY");
        assertThat(s.getInstanceKey()).isEqualTo("INSTANCE");
        assertThat(s.getReceivedAt()).isEqualTo(Instant.ofEpochMilli(1_000));
        assertThat(s.getScoredAt()).isEqualTo(now);
        assertThat(s.getModelName()).isEqualTo("m");
        assertThat(s.getModelVersion()).isEqualTo("3.1.4");
        assertThat(s.getLabels()).containsExactly("malignant", "normal", "benign");
        assertThat(s.getProbabilities()).containsExactly(0.6, 0.3, 0.1);
        assertThat(s.getProbabilitySpread()).containsExactly(0.01, 0.02, 0.03);
        assertThat(s.getMalignantProbability()).isEqualTo(0.6);
        assertThat(s.getUncertainty()).isEqualTo(0.25);
        assertThat(s.getEscalateThreshold()).isEqualTo(0.33);
        assertThat(s.getReviewUncertaintyThreshold()).isEqualTo(0.44);
        assertThat(s.getAlpha()).isEqualTo(0.07);
        assertThat(s.getExecutionProvider()).isEqualTo("CPU");
        assertThat(s.getInferenceMillis()).isEqualTo(1.5);
        assertThat(s.getBatchSize()).isEqualTo(4);
        assertThat(s.getProvenance())
                .startsWith(Provenance.NOT_FOR_CLINICAL_USE)
                .contains("3.1.4")
                .contains("Trained on phantoms.");
        assertThat(s.getEventId()).isNotBlank().isNotEqualTo("e1");
        // The gate passes these on, so the page can show the scored image.
        assertThat(s.getObjectUri()).isEqualTo("file:/x.dcm");
    }
}
