package org.osteon.worklist.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.osteon.worklist.peers.RecordingHttpServer;
import org.osteon.worklist.peers.RecordingHttpServer.Answer;

/**
 * Scoring's model endpoints as the adapter sees them, on a free port before Quarkus starts: GET
 * /api/model names a live model and a shadow whose gate report passed, summarised as scoring summarises
 * model_gate's report (criteria keyed by name, settings, reference hash); POST /api/model/promote accepts
 * only {@value #REPORT} for the shadow's folder, as scoring would, and only with {@value #TOKEN}. The
 * adapter is pointed at it with a token file.
 */
public class ScoringPeer implements QuarkusTestResourceLifecycleManager {

    static final String TOKEN = "scoring-admin-token-for-the-test";
    static final String SHADOW_DIR = "/models/next";
    static final String REPORT = "ab".repeat(32);
    /**
     * Scoring's digest of the shadow folder, which its summary of the gate report names as
     * {@code candidateModelSha256} (the report's {@code pin_sha256}; its {@code model_sha256}, the hash
     * of model.onnx alone, differs and is not shown).
     */
    static final String SHADOW_SHA = "2".repeat(64);

    static final String REFERENCE = "7".repeat(64);
    /** A folder scoring answers 403 for, as it does for every promotion while its swap is off. */
    static final String SWAP_OFF_DIR = "/models/swap-off";

    static RecordingHttpServer scoring;

    @Override
    public Map<String, String> start() {
        try {
            Path token = Files.createTempFile("osteon-scoring-token", "");
            Files.writeString(token, TOKEN + "\n");
            scoring = new RecordingHttpServer(request -> {
                if (!("Bearer " + TOKEN).equals(request.header("Authorization"))) {
                    return new Answer(401, "application/json", "{\"error\":\"no admin token\"}");
                }
                if (request.method().equals("GET")) {
                    return new Answer(200, "application/json", """
                            {"name":"osteon-bone-xr","version":"0.2.0","modelSha256":"%s",
                             "shadow":{"name":"osteon-bone-xr","version":"0.3.0-next","modelDir":"%s","modelSha256":"%s"},
                             "shadowGate":{"sha256":"%s","decision":"PASS","candidateModelSha256":"%s",
                                           "matchesShadow":true,"referenceSha256":"%s",
                                           "settings":{"margin":0.05,"alpha":0.025,"ece_tolerance":0.01},
                                           "criteria":{"reference_noninferiority":{"value":-0.01,"ci":[-0.04,null],
                                                       "threshold":-0.05,"pass":true,"method":"Tango score test"}}},
                             "audit":[]}""".formatted(
                                    "1".repeat(64), SHADOW_DIR, SHADOW_SHA, REPORT, SHADOW_SHA, REFERENCE));
                }
                String body = request.bodyText();
                if (body.contains("\"" + SWAP_OFF_DIR + "\"")) {
                    return new Answer(403, "application/json", "{\"error\":\"model swap is disabled\"}");
                }
                if (body.contains("\"" + REPORT + "\"") && body.contains("\"" + SHADOW_DIR + "\"")) {
                    return new Answer(200, "application/json", "{\"audit\":{\"action\":\"promote\"}}");
                }
                return new Answer(422, "application/json", "{\"error\":\"gate report hashes to another value\"}");
            });
            return Map.of(
                    "osteon.model-promotion.scoring-url", scoring.baseUrl(),
                    "osteon.model-promotion.token-file", token.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (scoring != null) {
            scoring.close();
        }
    }
}
