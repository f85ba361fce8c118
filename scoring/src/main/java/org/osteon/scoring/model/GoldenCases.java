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
     * {@code rows}, {@code columns} and {@code photometric} are optional in golden.json (null when absent); so is
     * {@code cam_abs_sum}, the map's L1 norm (null in goldens written before it).
     */
    public record Case(
            String name,
            Path dicom,
            float[] input,
            double[] probs,
            double[] spread,
            double uncertainty,
            double camSum,
            Double camAbsSum,
            Integer rows,
            Integer columns,
            String photometric) {

        /**
         * How far a map's sum and L1 norm are from {@code cam_sum} and {@code cam_abs_sum}, relative to max(1, that
         * norm), as Python's golden_diff.cam_sum_diff; infinite when a value is not finite. The rounding of a float32
         * sum grows with its terms, not with the sum: cells of both signs can cancel to a small sum that two correct
         * runtimes disagree on by more than 1e-4 of it. The norm is compared too, so the tolerance's scale is the
         * model's own and not a free number in golden.json. Goldens without {@code cam_abs_sum}: the sum alone,
         * relative to max(1, |cam_sum|).
         */
        public double camSumDiff(double actualSum, double actualAbsSum) {
            double diff = Math.abs(actualSum - camSum);
            double scale = Math.abs(camSum);
            if (camAbsSum != null) {
                diff = Math.max(diff, Math.abs(actualAbsSum - camAbsSum));
                scale = camAbsSum;
            }
            double relative = diff / Math.max(1.0, scale);
            return Double.isFinite(relative) ? relative : Double.POSITIVE_INFINITY;
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
                    camAbsSum(out),
                    c.hasNonNull("rows") ? c.get("rows").asInt() : null,
                    c.hasNonNull("columns") ? c.get("columns").asInt() : null,
                    c.hasNonNull("photometric") ? c.get("photometric").asText() : null));
        }
        JsonNode tol = root.get("tolerance");
        return new GoldenCases(tol.get("input").asDouble(), tol.get("outputs").asDouble(), cases);
    }

    /** Null when absent; refused unless a finite number at least |cam_sum|, as every map's L1 norm is. */
    private static Double camAbsSum(JsonNode out) {
        if (!out.hasNonNull("cam_abs_sum")) {
            return null;
        }
        JsonNode node = out.get("cam_abs_sum");
        double sum = Math.abs(out.get("cam_sum").asDouble());
        if (!node.isNumber() || !Double.isFinite(node.asDouble()) || !(node.asDouble() >= sum * (1 - 1e-6))) {
            throw new IllegalArgumentException(
                    "cam_abs_sum " + node + " is not the L1 norm of a map summing to " + out.get("cam_sum"));
        }
        return node.asDouble();
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
