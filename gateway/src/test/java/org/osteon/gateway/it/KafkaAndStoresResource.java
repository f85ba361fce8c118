package org.osteon.gateway.it;

import org.osteon.testsupport.InJvmKafka;

/** The stores around a real in-JVM KRaft broker (Kafka's test kit, via {@link InJvmKafka}). */
public class KafkaAndStoresResource extends StoresResource {

    private InJvmKafka kafka;

    @Override
    protected String startBroker() throws Exception {
        kafka = InJvmKafka.start();
        return kafka.bootstrapServers();
    }

    @Override
    protected void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }
}
