package org.osteon.scoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Gate reports as {@code osteon_training.model_gate} writes them ({@code <model dir>/gate/gate_report.json}),
 * reduced to the fields promotion and the panel read. As there, {@code inputs.candidate.model_sha256} is
 * the hash of {@code model.onnx} alone and {@code pin_sha256} scoring's digest of the folder: the two
 * differ, so a test passes only when scoring compares the right one.
 */
public final class TestGateReports {

    /** The reference set's content hash every test report names. */
    public static final String REFERENCE_SHA256 = "7".repeat(64);

    private TestGateReports() {}

    /** Writes a report with {@code decision} for the model digest {@code candidateSha256}; returns its SHA-256. */
    public static String write(Path modelDir, String decision, String candidateSha256) {
        boolean pass = "PASS".equals(decision);
        String json = "{\"format\": \"osteon-gate-report\", \"format_version\": 1, \"decision\": \"" + decision
                + "\", \"inputs\": {\"candidate\": {\"version\": \"test\", \"model_sha256\": \""
                + graphSha256(modelDir) + "\", \"pin_sha256\": \"" + candidateSha256
                + "\"}, \"live\": {\"model_sha256\": \"" + "0".repeat(64) + "\", \"pin_sha256\": \""
                + "0".repeat(64) + "\"}, \"reference\": {\"name\": \"reference\", \"content_sha256\": \""
                + REFERENCE_SHA256 + "\"}},"
                + " \"settings\": {\"margin\": 0.05, \"alpha\": 0.025, \"ece_tolerance\": 0.01},"
                + " \"criteria\": {\"reference_noninferiority\": {\"value\": -0.01, \"ci\": [-0.04, null],"
                + " \"threshold\": -0.05, \"pass\": " + pass + ", \"method\": \"Tango score test\"}}}\n";
        try {
            Files.createDirectories(modelDir.resolve("gate"));
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            Files.write(modelDir.resolve("gate/gate_report.json"), bytes);
            return sha256(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 of the folder's {@code model.onnx}, as model_gate's {@code model_sha256}; never scoring's digest. */
    private static String graphSha256(Path modelDir) {
        Path graph = modelDir.resolve("model.onnx");
        try {
            return Files.isRegularFile(graph) ? sha256(Files.readAllBytes(graph)) : "1".repeat(64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
