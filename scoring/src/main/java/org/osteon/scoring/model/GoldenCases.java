package org.osteon.scoring.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** models/default/golden/golden.json: DICOM files with the tensor and outputs Python computed for them. */
public record GoldenCases(double inputTolerance, double outputTolerance, List<Case> cases) {

    /**
     * {@code rows}, {@code columns} and {@code photometric} are optional in golden.json (null when absent);
     * so is {@code cam_abs_sum}, the map's L1 norm (|cam_sum| when absent).
     */
    public record Case(
            String name,
            Path dicom,
            float[] input,
            double[] probs,
            double[] spread,
            double uncertainty,
            double camSum,
            double camAbsSum,
            Integer rows,
            Integer columns,
            String photometric) {

        /**
         * How far a map's sum is from {@code cam_sum}, relative to max(1, the map's L1 norm), as Python's
         * onnx_numpy.cam_sum_diff. The rounding of a float32 sum grows with its terms, not with the sum: cells of
         * both signs can cancel to a small sum that two correct runtimes then disagree on by more than 1e-4 of it.
         */
        public double camSumDiff(double actualCamSum) {
            return Math.abs(actualCamSum - camSum) / Math.max(1.0, camAbsSum);
        }
    }

    public static GoldenCases load(Path dir) throws IOException {
        JsonNode root = new ObjectMapper().readTree(dir.resolve("golden.json").toFile());
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            JsonNode out = c.get("outputs");
            cases.add(new Case(
                    c.get("file").asText(),
                    dir.resolve(c.get("file").asText()),
                    readF32(dir.resolve(c.get("input").asText())),
                    doubles(out.get("probs")),
                    doubles(out.get("spread")),
                    out.get("uncertainty").asDouble(),
                    out.get("cam_sum").asDouble(),
                    out.hasNonNull("cam_abs_sum")
                            ? out.get("cam_abs_sum").asDouble()
                            : Math.abs(out.get("cam_sum").asDouble()),
                    c.hasNonNull("rows") ? c.get("rows").asInt() : null,
                    c.hasNonNull("columns") ? c.get("columns").asInt() : null,
                    c.hasNonNull("photometric") ? c.get("photometric").asText() : null));
        }
        JsonNode tol = root.get("tolerance");
        return new GoldenCases(tol.get("input").asDouble(), tol.get("outputs").asDouble(), cases);
    }

    /** Raw little-endian float32, C order, as numpy's {@code tofile} writes it. */
    private static float[] readF32(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(out);
        return out;
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }
}
