package org.osteon.gateway.it;

import org.testcontainers.kafka.KafkaContainer;

/** The stores around a single-node Apache Kafka in a container, for machines with Docker. */
public class KafkaContainerAndStoresResource extends StoresResource {

    private final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");

    @Override
    protected String startBroker() {
        kafka.start();
        return kafka.getBootstrapServers();
    }

    @Override
    protected void stopBroker() {
        kafka.stop();
    }
}
