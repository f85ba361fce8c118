package org.osteon.scoring.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.osteon.testsupport.InJvmKafka;
import org.testcontainers.kafka.KafkaContainer;

/** A single-node Apache Kafka in a container with every Osteon topic, for machines with Docker. */
public class KafkaContainerResource implements QuarkusTestResourceLifecycleManager {

    private final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");

    @Override
    public Map<String, String> start() {
        kafka.start();
        try {
            InJvmKafka.createTopics(kafka.getBootstrapServers(), 1);
        } catch (Exception e) {
            kafka.stop();
            throw new IllegalStateException("cannot create the topics in the Kafka container", e);
        }
        return KafkaResource.serviceConfig(kafka.getBootstrapServers());
    }

    @Override
    public void stop() {
        kafka.stop();
    }
}
