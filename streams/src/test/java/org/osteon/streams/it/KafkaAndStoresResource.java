package org.osteon.streams.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real in-JVM KRaft broker, temporary object stores and a free DICOM port for one test run. */
public class KafkaAndStoresResource implements QuarkusTestResourceLifecycleManager {

    private KafkaClusterTestKit cluster;
    private Path root;

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("osteon-streams-it");
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
            String bootstrap = cluster.bootstrapServers();
            return Map.of(
                    "osteon.gateway.folder.path", root.resolve("inbox").toString(),
                    "osteon.gateway.folder.poll-millis", "100",
                    "kafka.bootstrap.servers", bootstrap,
                    "quarkus.kafka-streams.bootstrap-servers", bootstrap,
                    "kafka-streams.state.dir", root.resolve("state").toString(),
                    "osteon.store.phi-root", root.resolve("phi").toString(),
                    "osteon.store.research-root", root.resolve("research").toString(),
                    "osteon.gateway.dicom.port", Integer.toString(freePort()));
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("cannot start the test Kafka cluster", e);
        }
    }

    @Override
    public void stop() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(root);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
