package org.osteon.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.osteon.schemas.serde.SchemaHistory;

/**
 * The build gate for schema evolution: every current schema must read data written with every
 * committed previous version (BACKWARD), and every field must say what it means.
 */
class SchemaCompatibilityTest {

    private static final List<Schema> CURRENT = SchemaHistory.load("/org/osteon/schemas/current/");

    @Test
    void everyEventHasACurrentSchema() {
        assertThat(CURRENT)
                .extracting(Schema::getName)
                .containsExactlyInAnyOrder(
                        "RadiographReceived",
                        "RadiographDeidentified",
                        "RadiographScored",
                        "TriageDecision",
                        "WorklistPriorityChanged",
                        "WorklistAlert",
                        "DeadLetter",
                        "DeidentificationAudit",
                        "StudyTriageDecision",
                        "TriageFeedback",
                        "TriageDiagnosis",
                        "TriageMetrics",
                        "ResultObject",
                        "ResultDelivery");
    }

    @Test
    void currentSchemasReadEveryCommittedPreviousVersion() {
        Map<String, Schema> current =
                CURRENT.stream().collect(Collectors.toMap(Schema::getFullName, Function.identity()));
        // v1: the walking skeleton; v2: as landed with the gateway, de-identification, scoring and
        // worklist work (audit, study decisions, alerts, shadow scores). Every committed version stays readable,
        // so StudyTriageDecision keeps its current schema although its topic is gone.
        List<Schema> previous = new java.util.ArrayList<>();
        for (String version : List.of("v1", "v2")) {
            List<Schema> schemas = SchemaHistory.load("/org/osteon/schemas/history/" + version + "/");
            assertThat(schemas).as("history %s", version).isNotEmpty();
            previous.addAll(schemas);
        }
        for (Schema old : previous) {
            Schema reader = current.get(old.getFullName());
            assertThat(reader).as("schema %s was removed", old.getFullName()).isNotNull();
            var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, old);
            assertThat(result.getType())
                    .as(
                            "%s is not BACKWARD compatible with the committed version: %s",
                            old.getFullName(), result.getResult().getIncompatibilities())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void theGateCatchesAnIncompatibleChange() {
        Schema old = CURRENT.stream()
                .filter(s -> s.getName().equals("TriageDecision"))
                .findFirst()
                .orElseThrow();
        // A new required field without a default cannot be filled in when reading old data.
        String changed = old.toString()
                .replace(
                        "\"fields\":[",
                        "\"fields\":[{\"name\":\"readingRoom\",\"type\":\"string\",\"doc\":\"new required field\"},");
        Schema reader = new Schema.Parser().parse(changed);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(reader, old)
                        .getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void everyFieldIsDocumented() {
        for (Schema schema : CURRENT) {
            assertThat(schema.getDoc()).as(schema.getName()).isNotBlank();
            for (Schema.Field field : schema.getFields()) {
                assertThat(field.doc())
                        .as("%s.%s has no doc", schema.getName(), field.name())
                        .isNotBlank();
            }
        }
    }
}
