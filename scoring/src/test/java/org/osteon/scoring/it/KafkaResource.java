package org.osteon.scoring.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import org.osteon.scoring.TestModels;
import org.osteon.testsupport.InJvmKafka;

/** A real in-JVM KRaft broker with every Osteon topic, and the committed model, for one test class. */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    private InJvmKafka kafka;

    @Override
    public Map<String, String> start() {
        try {
            kafka = InJvmKafka.start();
            InJvmKafka.createTopics(kafka.bootstrapServers(), partitions());
            return serviceConfig(kafka.bootstrapServers());
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("cannot start the test Kafka cluster", e);
        }
    }

    /** Partitions of every topic; one keeps the contract's order simple. */
    protected int partitions() {
        return 1;
    }

    /** What the service under test is told: the broker and the committed model. */
    static Map<String, String> serviceConfig(String bootstrap) {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", bootstrap);
        config.put("osteon.scoring.model-dir", TestModels.defaultModelDir().toString());
        config.put("osteon.scoring.instance-id", "it");
        config.put("osteon.scoring.intra-op-threads", "1");
        return config;
    }

    @Override
    public void stop() {
        if (kafka != null) {
            try {
                kafka.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
