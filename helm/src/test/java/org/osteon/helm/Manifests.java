package org.osteon.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The chart as Helm renders it, each manifest typed by the fabric8 Kubernetes model. Kinds the model does
 * not know (KEDA ScaledObject, Strimzi KafkaTopic and KafkaUser) come back as {@link GenericKubernetesResource}.
 */
record Manifests(List<HasMetadata> all) {

    static final Path CHART = Path.of("osteon");
    static final Path PRODUCTION = CHART.resolve("values-production.yaml");
    static final String RELEASE = "osteon";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    static Manifests defaults() {
        return render(t -> t);
    }

    static Manifests production() {
        return render(t -> t.withValuesFile(PRODUCTION));
    }

    /** Renders with a real Helm, which also checks the values against values.schema.json. */
    static Manifests render(UnaryOperator<TemplateCommand> values) {
        String yaml = values.apply(new Helm(CHART).template().withName(RELEASE)).call();
        return new Manifests(parse(yaml));
    }

    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> resources = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            for (Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode doc = it.next();
                // Helm leaves a document behind for each template that rendered to nothing or to a comment.
                if (doc == null || doc.isNull() || doc instanceof MissingNode) {
                    continue;
                }
                KubernetesResource resource = KUBE.unmarshal(YAML.writeValueAsString(doc), KubernetesResource.class);
                resources.add((HasMetadata) resource);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resources;
    }

    <T extends HasMetadata> List<T> ofType(Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<GenericKubernetesResource> ofKind(String apiVersion, String kind) {
        return ofType(GenericKubernetesResource.class).stream()
                .filter(r -> r.getApiVersion().equals(apiVersion) && r.getKind().equals(kind))
                .toList();
    }

    List<String> kinds() {
        return all.stream().map(HasMetadata::getKind).toList();
    }

    Deployment deployment(String service) {
        String name = RELEASE + "-" + service;
        return ofType(Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment " + name));
    }

    /**
     * The chart's values with the production file laid over them, maps merged and lists replaced as Helm
     * does, so the production values can be linted ({@code helm lint} here takes no values file).
     */
    static Path chartWithProductionValues(Path dir) throws IOException {
        Path copy = dir.resolve("osteon");
        try (var files = Files.walk(CHART)) {
            for (Path source : files.toList()) {
                Path target = copy.resolve(CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        ObjectNode merged =
                (ObjectNode) YAML.readTree(CHART.resolve("values.yaml").toFile());
        merge(merged, (ObjectNode) YAML.readTree(PRODUCTION.toFile()));
        YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
        return copy;
    }

    private static void merge(ObjectNode base, ObjectNode over) {
        for (Map.Entry<String, JsonNode> e : over.properties()) {
            if (base.get(e.getKey()) instanceof ObjectNode b && e.getValue() instanceof ObjectNode o) {
                merge(b, o);
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }
}
