package org.osteon.worklist.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;
import org.osteon.testsupport.InJvmKafka;

/** A real PostgreSQL (zonky) and a real single-node KRaft broker for the whole test class. */
public class WorklistTestResources implements QuarkusTestResourceLifecycleManager {

    static final int PARTITIONS = 2;

    private EmbeddedPostgres postgres;
    private InJvmKafka kafka;

    @Override
    public Map<String, String> start() {
        try {
            postgres = EmbeddedPostgres.start();
            kafka = InJvmKafka.start();
            InJvmKafka.createTopics(kafka.bootstrapServers(), PARTITIONS);
            return Map.of(
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
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the test resources", e);
        }
    }
}
