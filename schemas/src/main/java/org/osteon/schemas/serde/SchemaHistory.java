package org.osteon.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * A schema store over every committed version of the event schemas, shipped inside this jar.
 *
 * <p>Single-object encoding prefixes each message with the writer schema's fingerprint; this store
 * turns a fingerprint written by an older producer back into that producer's schema, so a consumer
 * that was upgraded first still reads the old records.
 */
public final class SchemaHistory implements SchemaStore {

    /** Versions in the order they were released; the last one is the schema the generated classes use. */
    static final List<String> VERSIONS = List.of("history/v1", "history/v2");

    /**
     * Parse order matters: WorklistPriorityChanged, WorklistAlert and ResultObject refer to the Triage enum in
     * TriageDecision, and ResultDelivery to the ResultObjectType enum in ResultObject.
     */
    static final List<String> FILES = List.of(
            "RadiographReceived.avsc",
            "RadiographDeidentified.avsc",
            "RadiographScored.avsc",
            "TriageDecision.avsc",
            "WorklistPriorityChanged.avsc",
            "WorklistAlert.avsc",
            "DeadLetter.avsc",
            "DeidentificationAudit.avsc",
            "StudyTriageDecision.avsc",
            "TriageFeedback.avsc",
            "TriageDiagnosis.avsc",
            "TriageMetrics.avsc",
            "ResultObject.avsc",
            "ResultDelivery.avsc");

    private static final SchemaHistory INSTANCE = new SchemaHistory();

    private final Map<Long, Schema> byFingerprint = new ConcurrentHashMap<>();

    private SchemaHistory() {
        for (String version : VERSIONS) {
            for (Schema schema : load("/org/osteon/schemas/" + version + "/")) {
                add(schema);
            }
        }
    }

    public static SchemaHistory instance() {
        return INSTANCE;
    }

    /** Registers a schema, for example the current one of a generated class. */
    public void add(Schema schema) {
        byFingerprint.putIfAbsent(SchemaNormalization.parsingFingerprint64(schema), schema);
    }

    @Override
    public Schema findByFingerprint(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    /** Parses one version's schemas from the classpath, in dependency order. */
    public static List<Schema> load(String resourceFolder) {
        Schema.Parser parser = new Schema.Parser();
        List<Schema> schemas = new ArrayList<>();
        for (String file : FILES) {
            try (InputStream in = SchemaHistory.class.getResourceAsStream(resourceFolder + file)) {
                if (in == null) {
                    continue;
                }
                schemas.add(parser.parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read schema " + resourceFolder + file, e);
            }
        }
        return schemas;
    }
}
