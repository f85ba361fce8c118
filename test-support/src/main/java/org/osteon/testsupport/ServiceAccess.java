package org.osteon.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one service's Kafka principal may touch, as the Helm chart declares it under {@code access:} in
 * {@code helm/osteon/values.yaml}. Tests read the chart's own values, so the ACLs proven against a
 * real broker are the ones the chart grants in production.
 */
public record ServiceAccess(
        List<String> read,
        List<String> write,
        List<String> groups,
        Optional<String> transactionalIdPrefix,
        Optional<String> internalTopicPrefix) {

    /** Every principal of the chart by service name (streams, scoring, worklist). */
    public static Map<String, ServiceAccess> fromChart(Path valuesYaml) throws IOException {
        JsonNode access = new ObjectMapper(new YAMLFactory())
                .readTree(valuesYaml.toFile())
                .path("access");
        if (!access.isObject() || access.isEmpty()) {
            throw new IllegalArgumentException(valuesYaml + " declares no access: section");
        }
        Map<String, ServiceAccess> services = new LinkedHashMap<>();
        access.fields()
                .forEachRemaining(e -> services.put(
                        e.getKey(),
                        new ServiceAccess(
                                strings(e.getValue(), "read"),
                                strings(e.getValue(), "write"),
                                strings(e.getValue(), "groups"),
                                text(e.getValue(), "transactionalIdPrefix"),
                                text(e.getValue(), "internalTopicPrefix"))));
        return services;
    }

    /** The chart's values file, found from a module directory (tests run in the module's folder). */
    public static Path chartValues() {
        Path values = Path.of("..", "helm", "osteon", "values.yaml");
        if (!values.toFile().isFile()) {
            throw new IllegalStateException("no chart values at " + values.toAbsolutePath());
        }
        return values;
    }

    private static List<String> strings(JsonNode service, String field) {
        List<String> values = new ArrayList<>();
        service.path(field).forEach(v -> values.add(v.asText()));
        return List.copyOf(values);
    }

    private static Optional<String> text(JsonNode service, String field) {
        JsonNode value = service.path(field);
        return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
    }
}
