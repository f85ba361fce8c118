package org.osteon.worklist.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.osteon.testsupport.InJvmKafka;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL and a single-node Apache Kafka in containers, for machines with a Docker engine. */
public class WorklistContainerResources implements QuarkusTestResourceLifecycleManager {

    private final PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine");
    private final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");

    @Override
    public Map<String, String> start() {
        postgres.start();
        kafka.start();
        try {
            InJvmKafka.createTopics(kafka.getBootstrapServers(), WorklistTestResources.PARTITIONS);
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("cannot create the topics in the Kafka container", e);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.getJdbcUrl(),
                "quarkus.datasource.username", postgres.getUsername(),
                "quarkus.datasource.password", postgres.getPassword(),
                "kafka.bootstrap.servers", kafka.getBootstrapServers());
    }

    @Override
    public void stop() {
        kafka.stop();
        postgres.stop();
    }
}
