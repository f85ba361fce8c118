package org.osteon.worklist.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.osteon.testsupport.InJvmKafka;

/**
 * A real PostgreSQL (zonky), a real single-node KRaft broker and an empty research-store directory
 * for the whole test class.
 */
public class WorklistTestResources implements QuarkusTestResourceLifecycleManager {

    static final int PARTITIONS = 2;

    private EmbeddedPostgres postgres;
    private InJvmKafka kafka;
    private Path researchRoot;

    @Override
    public Map<String, String> start() {
        try {
            postgres = EmbeddedPostgres.start();
            kafka = InJvmKafka.start();
            InJvmKafka.createTopics(kafka.bootstrapServers(), PARTITIONS);
            researchRoot = Files.createTempDirectory("osteon-research-store");
            return Map.of(
                    "osteon.store.research-root", researchRoot.toString(),
                    "quarkus.datasource.jdbc.url", postgres.getJdbcUrl("postgres", "postgres"),
                    "quarkus.datasource.username", "postgres",
                    "quarkus.datasource.password", "postgres",
                    "kafka.bootstrap.servers", kafka.bootstrapServers());
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("cannot start PostgreSQL and Kafka for the tests", e);
        }
    }

    @Override
    public void stop() {
        try {
            if (kafka != null) {
                kafka.close();
            }
            if (postgres != null) {
                postgres.close();
            }
            if (researchRoot != null) {
                try (Stream<Path> paths = Files.walk(researchRoot)) {
                    paths.sorted(Comparator.reverseOrder())
                            .forEach(path -> path.toFile().delete());
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the test resources", e);
        }
    }
}
