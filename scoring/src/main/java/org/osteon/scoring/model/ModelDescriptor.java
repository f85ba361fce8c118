package org.osteon.scoring.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * model.json, read and checked once at start-up. The artifact describes itself (labels, input size,
 * preprocessing, thresholds, version); Java hard-codes none of these values, so a retrained model
 * needs no code change. Anything this service could not run faithfully is rejected here, with the
 * key that is wrong, rather than producing plausible but meaningless scores later.
 */
public record ModelDescriptor(
        Path directory,
        String name,
        String version,
        Path modelFile,
        int opset,
        String imageInput,
        Optional<ClinicalInput> clinicalInput,
        OutputNames outputs,
        List<String> labels,
        String malignantLabel,
        PreprocessingSpec preprocessing,
        Thresholds thresholds,
        String uncertaintyMethod,
        TrainingInfo training,
        String provenance) {

    public static final String FILE_NAME = "model.json";
    /** The highest opset the bundled ONNX Runtime and the training exporter were checked with. */
    public static final int MAX_OPSET = 17;
    /** Preprocessing versions implemented by {@code org.osteon.scoring.preprocess}. */
    public static final List<String> SUPPORTED_PREPROCESSING = List.of("osteon-xr-pre-v1");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Index of {@link #malignantLabel} in {@link #labels}, i.e. in the probability vector. */
    public int malignantIndex() {
        return labels.indexOf(malignantLabel);
    }

    /**
     * The same descriptor for the same files in another folder: {@link #directory()} is {@code dir} and
     * {@link #modelFile()} the same name inside it.
     */
    public ModelDescriptor locatedAt(Path dir) {
        return new ModelDescriptor(
                dir,
                name,
                version,
                dir.resolve(directory.relativize(modelFile)),
                opset,
                imageInput,
                clinicalInput,
                outputs,
                labels,
                malignantLabel,
                preprocessing,
                thresholds,
                uncertaintyMethod,
                training,
                provenance);
    }

    /** Reads {@code dir/model.json} and checks that {@code dir/<file>} exists. */
    public static ModelDescriptor load(Path dir) {
        Path json = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(json)) {
            throw new ModelDescriptorException("no " + FILE_NAME + " in model directory " + dir.toAbsolutePath());
        }
        JsonNode root;
        try {
            root = JSON.readTree(json.toFile());
        } catch (IOException e) {
            throw new ModelDescriptorException(json + " is not valid JSON: " + e.getMessage(), e);
        }
        ModelDescriptor d = parse(root, dir);
        if (!Files.isRegularFile(d.modelFile())) {
            throw new ModelDescriptorException("model.json names file '" + dir.relativize(d.modelFile()) + "' but "
                    + d.modelFile().toAbsolutePath() + " does not exist");
        }
        return d;
    }

    /** Validates a parsed model.json; {@code dir} only resolves the model file name. */
    public static ModelDescriptor parse(JsonNode root, Path dir) {
        Reader r = new Reader(root);
        int opset = r.integer(root, "opset");
        if (opset > MAX_OPSET || opset < 1) {
            throw new ModelDescriptorException(
                    "opset " + opset + " is not supported: this service runs opset 1.." + MAX_OPSET);
        }
        PreprocessingSpec pre = preprocessing(r, r.object(root, "preprocessing"));
        List<String> labels = r.strings(root, "labels");
        String malignant = r.text(root, "malignant_label");
        if (!labels.contains(malignant)) {
            throw new ModelDescriptorException("malignant_label '" + malignant + "' is not one of labels " + labels);
        }
        JsonNode out = r.object(root, "outputs");
        OutputNames outputs = new OutputNames(
                r.text(out, "probs"), r.text(out, "spread"), r.text(out, "uncertainty"), r.text(out, "cam"));
        JsonNode th = r.object(root, "thresholds");
        Thresholds thresholds = new Thresholds(
                r.number(th, "alpha"),
                r.number(th, "escalate_malignant_probability"),
                r.number(th, "review_uncertainty"));
        Inputs inputs = inputs(r, root, pre.size());
        JsonNode unc = root.path("uncertainty");
        JsonNode tr = root.path("training");
        TrainingInfo training = new TrainingInfo(
                optText(tr, "commit"),
                optText(tr, "data_hash"),
                optText(tr, "dataset"),
                tr.hasNonNull("seed") ? tr.get("seed").asLong() : null,
                tr.hasNonNull("epochs") ? tr.get("epochs").asInt() : null);
        return new ModelDescriptor(
                dir,
                r.text(root, "name"),
                r.text(root, "version"),
                dir.resolve(r.text(root, "file")),
                opset,
                inputs.image,
                inputs.clinical,
                outputs,
                List.copyOf(labels),
                malignant,
                pre,
                thresholds,
                optText(unc, "method"),
                training,
                r.text(root, "provenance"));
    }

    private static PreprocessingSpec preprocessing(Reader r, JsonNode p) {
        String version = r.text(p, "version");
        if (!SUPPORTED_PREPROCESSING.contains(version)) {
            throw new ModelDescriptorException("unknown preprocessing version '" + version
                    + "': this service implements " + SUPPORTED_PREPROCESSING);
        }
        int size = r.integer(p, "size");
        double std = r.number(p, "std");
        if (size < 1) {
            throw new ModelDescriptorException("preprocessing.size must be positive, was " + size);
        }
        if (!(std > 0)) {
            throw new ModelDescriptorException("preprocessing.std must be positive, was " + std);
        }
        // pad_value is optional in the spec (a canvas of zeros); a model may state it explicitly.
        double pad = p.hasNonNull("pad_value") ? r.number(p, "pad_value") : 0.0;
        return new PreprocessingSpec(version, size, r.number(p, "mean"), std, pad);
    }

    private record Inputs(String image, Optional<ClinicalInput> clinical) {}

    /** The image input is the rank-4 [-1, 1, S, S] one; an optional rank-2 [-1, F] one carries clinical features. */
    private static Inputs inputs(Reader r, JsonNode root, int size) {
        JsonNode arr = root.get("inputs");
        if (arr == null || !arr.isArray() || arr.isEmpty()) {
            throw new ModelDescriptorException("model.json: 'inputs' must be a non-empty array");
        }
        String image = null;
        ClinicalInput clinical = null;
        for (JsonNode in : arr) {
            String name = r.text(in, "name");
            String dtype = r.text(in, "dtype");
            if (!"float32".equals(dtype)) {
                throw new ModelDescriptorException(
                        "input '" + name + "' has dtype " + dtype + "; only float32 is supported");
            }
            List<Long> shape = new ArrayList<>();
            r.array(in, "shape").forEach(n -> shape.add(n.asLong()));
            if (shape.size() == 4) {
                if (shape.get(1) != 1 || shape.get(2) != size || shape.get(3) != size) {
                    throw new ModelDescriptorException("image input '" + name + "' has shape " + shape
                            + " but preprocessing.size is " + size + ": expected [-1, 1, " + size + ", " + size + "]");
                }
                image = name;
            } else if (shape.size() == 2) {
                List<String> features = in.has("features") ? r.strings(in, "features") : List.of();
                if (features.size() != shape.get(1)) {
                    throw new ModelDescriptorException("clinical input '" + name + "' has shape " + shape
                            + " but lists " + features.size() + " features " + features);
                }
                for (String f : features) {
                    if (!ClinicalInput.KNOWN.contains(f)) {
                        throw new ModelDescriptorException("clinical input '" + name + "' needs unknown feature '" + f
                                + "'; this service provides " + ClinicalInput.KNOWN);
                    }
                }
                clinical = new ClinicalInput(name, List.copyOf(features));
            } else {
                throw new ModelDescriptorException("input '" + name + "' has unsupported shape " + shape);
            }
        }
        if (image == null) {
            throw new ModelDescriptorException("model.json: no image input of shape [-1, 1, S, S] in 'inputs'");
        }
        return new Inputs(image, Optional.ofNullable(clinical));
    }

    private static String optText(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Typed access that names the missing or mistyped key in its error. */
    private record Reader(JsonNode root) {

        JsonNode required(JsonNode node, String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                throw new ModelDescriptorException("model.json: missing required key '" + path(node, key) + "'");
            }
            return v;
        }

        JsonNode object(JsonNode node, String key) {
            JsonNode v = required(node, key);
            if (!v.isObject()) {
                throw new ModelDescriptorException("model.json: '" + path(node, key) + "' must be an object");
            }
            return v;
        }

        JsonNode array(JsonNode node, String key) {
            JsonNode v = required(node, key);
            if (!v.isArray()) {
                throw new ModelDescriptorException("model.json: '" + path(node, key) + "' must be an array");
            }
            return v;
        }

        String text(JsonNode node, String key) {
            JsonNode v = required(node, key);
            if (!v.isTextual() || v.asText().isBlank()) {
                throw new ModelDescriptorException("model.json: '" + path(node, key) + "' must be a non-empty string");
            }
            return v.asText();
        }

        int integer(JsonNode node, String key) {
            JsonNode v = required(node, key);
            if (!v.canConvertToExactIntegral() || !v.canConvertToInt()) {
                throw new ModelDescriptorException(
                        "model.json: '" + path(node, key) + "' must be an integer, was " + v);
            }
            return v.asInt();
        }

        double number(JsonNode node, String key) {
            JsonNode v = required(node, key);
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw new ModelDescriptorException(
                        "model.json: '" + path(node, key) + "' must be a finite number, was " + v);
            }
            return v.asDouble();
        }

        List<String> strings(JsonNode node, String key) {
            List<String> out = new ArrayList<>();
            for (JsonNode v : array(node, key)) {
                if (!v.isTextual()) {
                    throw new ModelDescriptorException("model.json: '" + path(node, key) + "' must hold strings");
                }
                out.add(v.asText());
            }
            if (out.isEmpty()) {
                throw new ModelDescriptorException("model.json: '" + path(node, key) + "' must not be empty");
            }
            return out;
        }

        /** Dotted path of a key, for messages: {@code thresholds.alpha}. */
        private String path(JsonNode node, String key) {
            if (node == root) {
                return key;
            }
            var fields = root.fields();
            while (fields.hasNext()) {
                var e = fields.next();
                if (e.getValue() == node) {
                    return e.getKey() + "." + key;
                }
            }
            return key;
        }
    }
}
