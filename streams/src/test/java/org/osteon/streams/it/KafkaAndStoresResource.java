package org.osteon.streams.it;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** The stores around a real in-JVM KRaft broker (KafkaClusterTestKit). */
public class KafkaAndStoresResource extends StoresResource {

    private KafkaClusterTestKit cluster;

    @Override
    protected String startBroker() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return cluster.bootstrapServers();
    }

    @Override
    protected void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }
}
