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
 * reduced to the fields promotion reads, for promotion tests.
 */
public final class TestGateReports {

    private TestGateReports() {}

    /** Writes a report with {@code decision} for the model digest {@code candidateSha256}; returns its SHA-256. */
    public static String write(Path modelDir, String decision, String candidateSha256) {
        String json = "{\"format\": \"osteon-gate-report\", \"decision\": \"" + decision + "\","
                + " \"inputs\": {\"candidate\": {\"version\": \"test\", \"model_sha256\": \"" + candidateSha256
                + "\"}, \"live\": {\"model_sha256\": \"" + "0".repeat(64) + "\"}},"
                + " \"criteria\": [{\"name\": \"reference_sensitivity_non_inferiority\", \"passed\": "
                + "PASS".equals(decision) + "}]}\n";
        try {
            Files.createDirectories(modelDir.resolve("gate"));
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            Files.write(modelDir.resolve("gate/gate_report.json"), bytes);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
