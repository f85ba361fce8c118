package org.osteon.scoring.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A candidate's promotion gate report, {@code <model dir>/gate/gate_report.json} as
 * {@code python3 -m osteon_training.model_gate --out <model dir>/gate} writes it: its SHA-256 (what
 * an approver names), its {@code decision} ({@code PASS} or {@code FAIL}), the model digest it judged
 * ({@code inputs.candidate.pin_sha256}: this service's digest of the folder, the one a pin names; the
 * report's {@code model_sha256} is the hash of {@code model.onnx} alone and is not compared) and its
 * {@code criteria} and {@code settings}, passed through as written, and the reference set's content
 * hash ({@code inputs.reference.content_sha256}), so an approver sees what was judged and how. The
 * {@code gate/} folder is not part of the model digest ({@link org.osteon.scoring.model.ModelFiles}
 * hashes only what scoring reads), so writing the report does not change the model it judges.
 */
public record GateReport(
        Path file,
        String sha256,
        String decision,
        String candidateModelSha256,
        JsonNode criteria,
        JsonNode settings,
        String referenceSha256) {

    public static final String RELATIVE_PATH = "gate/gate_report.json";
    /** A report is a few kilobytes; anything past this is not one. */
    public static final long MAX_BYTES = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Thrown when the folder holds no readable report. */
    public static final class UnreadableException extends RuntimeException {
        UnreadableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public boolean passed() {
        return "PASS".equals(decision);
    }

    /** The report in {@code modelDir}, or empty when there is none; throws when it is there but unreadable. */
    public static Optional<GateReport> find(Path modelDir) {
        Path file = modelDir.resolve(RELATIVE_PATH);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(read(file));
    }

    /** Reads and hashes {@code file}: a regular file (no link) of at most {@value #MAX_BYTES} bytes. */
    public static GateReport read(Path file) {
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("not a regular file (a link is refused)");
            }
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes((int) MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                throw new IOException("larger than " + MAX_BYTES + " bytes");
            }
        } catch (IOException e) {
            throw new UnreadableException("gate report " + file + " cannot be read: " + e.getMessage(), e);
        }
        JsonNode report;
        try {
            report = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UnreadableException("gate report " + file + " is not JSON: " + e.getMessage(), e);
        }
        if (report == null || !report.isObject()) {
            throw new UnreadableException("gate report " + file + " is not a JSON object", null);
        }
        JsonNode candidate = report.at("/inputs/candidate/pin_sha256");
        JsonNode reference = report.at("/inputs/reference/content_sha256");
        return new GateReport(
                file,
                sha256(bytes),
                report.path("decision").asText(null),
                candidate.isTextual() ? candidate.asText() : null,
                report.get("criteria"),
                report.get("settings"),
                reference.isTextual() ? reference.asText() : null);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
