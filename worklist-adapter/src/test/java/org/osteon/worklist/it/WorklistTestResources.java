package org.osteon.worklist.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.osteon.schemas.topic.Topics;

/** A real PostgreSQL (zonky) and a real single-node KRaft broker for the whole test class. */
public class WorklistTestResources implements QuarkusTestResourceLifecycleManager {

    static final int PARTITIONS = 2;

    private EmbeddedPostgres postgres;
    private KafkaClusterTestKit kafka;

    @Override
    public Map<String, String> start() {
        try {
            postgres = EmbeddedPostgres.start();
            kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .build();
            kafka.format();
            kafka.startup();
            kafka.waitForReadyBrokers();
            createTopics(kafka.bootstrapServers());
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

    /** Creates every registered topic, as the streams app does at start-up in production. */
    static void createTopics(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<NewTopic> topics = Topics.ALL.stream()
                    .map(topic -> new NewTopic(topic.name(), PARTITIONS, (short) 1)).toList();
            admin.createTopics(topics).all().get();
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
