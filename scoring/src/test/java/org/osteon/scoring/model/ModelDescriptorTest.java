package org.osteon.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDescriptorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = Path.of("/models/x");

    /** A model.json like the one training writes, with values that differ from any "usual" default. */
    static ObjectNode valid() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"name": "osteon-bone-xr", "version": "9.8.7", "file": "net.onnx", "opset": 17,
                 "inputs": [{"name": "img", "shape": [-1, 1, 96, 96], "dtype": "float32"}],
                 "outputs": {"probs": "p", "spread": "s", "uncertainty": "u", "cam": "c"},
                 "labels": ["malignant", "normal", "benign"], "malignant_label": "malignant",
                 "preprocessing": {"version": "osteon-xr-pre-v1", "size": 96, "mean": 0.4, "std": 0.3, "pad_value": 0.0},
                 "temperature": 1.5,
                 "thresholds": {"alpha": 0.1, "escalate_malignant_probability": 0.2, "review_uncertainty": 0.7},
                 "uncertainty": {"method": "entropy", "formula": "H"},
                 "training": {"commit": "abc", "data_hash": "h", "dataset": "d", "seed": 1, "epochs": 3},
                 "provenance": "NOT FOR CLINICAL USE."}
                """);
    }

    @Test
    void shouldReadEveryValueFromModelJson() throws Exception {
        ModelDescriptor d = ModelDescriptor.parse(valid(), DIR);
        assertThat(d.name()).isEqualTo("osteon-bone-xr");
        assertThat(d.version()).isEqualTo("9.8.7");
        assertThat(d.modelFile()).isEqualTo(DIR.resolve("net.onnx"));
        assertThat(d.imageInput()).isEqualTo("img");
        assertThat(d.clinicalInput()).isEmpty();
        assertThat(d.outputs()).isEqualTo(new OutputNames("p", "s", "u", "c"));
        assertThat(d.malignantIndex()).isZero();
        assertThat(d.preprocessing()).isEqualTo(new PreprocessingSpec("osteon-xr-pre-v1", 96, 0.4, 0.3, 0.0));
        assertThat(d.thresholds()).isEqualTo(new Thresholds(0.1, 0.2, 0.7));
        assertThat(d.training().commit()).isEqualTo("abc");
        assertThat(d.provenance()).isEqualTo("NOT FOR CLINICAL USE.");
    }

    @Test
    void shouldNameTheMissingNestedKey() throws Exception {
        ObjectNode json = valid();
        ((ObjectNode) json.get("thresholds")).remove("review_uncertainty");
        assertThatThrownBy(() -> ModelDescriptor.parse(json, DIR))
                .isInstanceOf(ModelDescriptorException.class)
                .hasMessageContaining("missing required key 'thresholds.review_uncertainty'");
    }

    @Test
    void shouldNameAMissingTopLevelKey() throws Exception {
        ObjectNode json = valid();
        json.remove("version");
        assertThatThrownBy(() -> ModelDescriptor.parse(json, DIR)).hasMessageContaining("'version'");
    }

    @Test
    void shouldRejectAnOpsetAbove17() throws Exception {
        ObjectNode json = valid();
        json.put("opset", 18);
        assertThatThrownBy(() -> ModelDescriptor.parse(json, DIR))
                .isInstanceOf(ModelDescriptorException.class)
                .hasMessageContaining("opset 18");
    }

    @Test
    void shouldRejectAnUnknownPreprocessingVersion() throws Exception {
        ObjectNode json = valid();
        ((ObjectNode) json.get("preprocessing")).put("version", "osteon-xr-pre-v2");
        assertThatThrownBy(() -> ModelDescriptor.parse(json, DIR))
                .hasMessageContaining("unknown preprocessing version 'osteon-xr-pre-v2'");
    }

    @Test
    void shouldRejectAMalignantLabelThatIsNotALabel() throws Exception {
        ObjectNode json = valid();
        json.put("malignant_label", "sarcoma");
        assertThatThrownBy(() -> ModelDescriptor.parse(json, DIR)).hasMessageContaining("'sarcoma'");
    }

    @Test
    void shouldRejectAnImageInputThatDisagreesWithThePreprocessingSize() throws Exception {
        ObjectNode json = valid();
        ((ObjectNode) json.get("preprocessing")).put("size", 128);
        assertThatThrownBy(() -> ModelDescriptor.parse(json, DIR)).hasMessageContaining("preprocessing.size is 128");
    }

    @Test
    void shouldRejectANonPositiveStd() throws Exception {
        ObjectNode json = valid();
        ((ObjectNode) json.get("preprocessing")).put("std", 0.0);
        assertThatThrownBy(() -> ModelDescriptor.parse(json, DIR)).hasMessageContaining("std must be positive");
    }

    @Test
    void shouldAcceptAClinicalInputWithKnownFeatures() throws Exception {
        ObjectNode json = valid();
        ((ArrayNode) json.get("inputs"))
                .add(
                        JSON.readTree(
                                "{\"name\": \"clinical\", \"shape\": [-1, 2], \"dtype\": \"float32\", \"features\": [\"age_years/100\", \"sex_male\"]}"));
        ModelDescriptor d = ModelDescriptor.parse(json, DIR);
        assertThat(d.clinicalInput()).hasValueSatisfying(c -> {
            assertThat(c.name()).isEqualTo("clinical");
            assertThat(c.features()).containsExactly("age_years/100", "sex_male");
        });
    }

    @Test
    void shouldRejectAClinicalFeatureThisServiceCannotProvide() throws Exception {
        ObjectNode json = valid();
        ((ArrayNode) json.get("inputs"))
                .add(
                        JSON.readTree(
                                "{\"name\": \"clinical\", \"shape\": [-1, 1], \"dtype\": \"float32\", \"features\": [\"weight_kg\"]}"));
        assertThatThrownBy(() -> ModelDescriptor.parse(json, DIR)).hasMessageContaining("unknown feature 'weight_kg'");
    }

    @Test
    void shouldFailToLoadWhenTheOnnxFileIsMissing(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("model.json"), valid().toString());
        assertThatThrownBy(() -> ModelDescriptor.load(dir))
                .isInstanceOf(ModelDescriptorException.class)
                .hasMessageContaining("net.onnx");
    }

    @Test
    void shouldFailToLoadAFolderWithoutModelJson(@TempDir Path dir) {
        assertThatThrownBy(() -> ModelDescriptor.load(dir)).hasMessageContaining("no model.json");
    }
}
