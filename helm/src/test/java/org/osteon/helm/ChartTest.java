package org.osteon.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Renders the chart with a real Helm and checks the promises it makes to an operator. */
class ChartTest {

    private static final Path CHART = Path.of("osteon");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void shouldLintCleanly() {
        var result = new Helm(CHART).lint().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void shouldDeployTheThreeServices() throws IOException {
        List<JsonNode> docs = render(false);
        assertThat(docs).filteredOn(d -> d.path("kind").asText().equals("Deployment"))
                .extracting(d -> d.path("metadata").path("name").asText())
                .containsExactlyInAnyOrder("osteon-streams", "osteon-scoring", "osteon-worklist");
    }

    @Test
    void shouldKeepScoringOutOfThePhiZone() throws IOException {
        JsonNode scoring = deployment(render(false), "osteon-scoring");
        JsonNode container = scoring.at("/spec/template/spec/containers/0");
        assertThat(names(container.path("env"))).doesNotContain("OSTEON_DEID_HMAC_SECRET");
        assertThat(names(scoring.at("/spec/template/spec/volumes"))).containsExactly("research-store");
        assertThat(container.at("/volumeMounts/0/mountPath").asText()).isEqualTo("/var/osteon/research-store");
        // Writable only for the class-activation maps scoring stores beside the objects; read-only without them.
        assertThat(container.at("/volumeMounts/0/readOnly").asBoolean()).isFalse();
        JsonNode noCams = deployment(render(false, "scoring.writeCam", "false"), "osteon-scoring");
        assertThat(noCams.at("/spec/template/spec/containers/0/volumeMounts/0/readOnly").asBoolean()).isTrue();
        assertThat(scoring.at("/spec/template/metadata/labels/osteon.org~1zone").asText()).isEqualTo("research");
    }

    @Test
    void shouldTakeEverySecretFromAKubernetesSecret() throws IOException {
        for (JsonNode doc : render(false)) {
            for (JsonNode env : doc.at("/spec/template/spec/containers/0/env")) {
                String name = env.path("name").asText();
                if (name.contains("SECRET") || name.contains("PASSWORD") || name.contains("USERNAME")) {
                    assertThat(env.has("value")).as("%s must not be a plain value", name).isFalse();
                    assertThat(env.at("/valueFrom/secretKeyRef/name").asText()).as(name).isNotBlank();
                }
            }
        }
    }

    @Test
    void shouldAskForAGpuOnlyWhenTold() throws IOException {
        JsonNode cpu = deployment(render(false), "osteon-scoring").at("/spec/template/spec/containers/0/resources/limits");
        JsonNode gpu = deployment(render(true), "osteon-scoring").at("/spec/template/spec/containers/0/resources/limits");
        assertThat(cpu.has("nvidia.com/gpu")).isFalse();
        assertThat(gpu.path("nvidia.com/gpu").asInt()).isEqualTo(1);
        assertThat(gpu.path("memory").asText()).isEqualTo("4Gi");
        assertThat(env(render(false), "osteon-scoring", "OSTEON_SCORING_DEVICE")).isEqualTo("cpu");
        assertThat(env(render(true), "osteon-scoring", "OSTEON_SCORING_DEVICE")).isEqualTo("cuda");
        assertThat(env(render(true), "osteon-scoring", "OSTEON_SCORING_ALLOW_CPU_FALLBACK")).isEqualTo("false");
    }

    private static String env(List<JsonNode> docs, String deployment, String name) {
        for (JsonNode e : deployment(docs, deployment).at("/spec/template/spec/containers/0/env")) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText();
            }
        }
        throw new AssertionError("no env " + name + " in " + deployment);
    }

    private static List<JsonNode> render(boolean gpu) throws IOException {
        return render(gpu, "scoring.gpu", Boolean.toString(gpu));
    }

    private static List<JsonNode> render(boolean gpu, String key, String value) throws IOException {
        String yaml = new Helm(CHART).template().withName("osteon").set("scoring.gpu", gpu).set(key, value).call();
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(d -> {
                if (d != null && !d.isNull() && !(d instanceof MissingNode)) {
                    docs.add(d);
                }
            });
        }
        return docs;
    }

    private static JsonNode deployment(List<JsonNode> docs, String name) {
        return docs.stream()
                .filter(d -> d.path("kind").asText().equals("Deployment") && d.at("/metadata/name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no deployment " + name));
    }

    private static List<String> names(JsonNode list) {
        return StreamSupport.stream(list.spliterator(), false).map(n -> n.path("name").asText()).toList();
    }
}
