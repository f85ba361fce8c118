package org.osteon.launcher;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded single-node broker as a process of its own, with no Quarkus: {@code ./osteon chaos}
 * runs it apart from the services so that it can be killed and restarted like any of them. Reads
 * {@code OSTEON_EMBEDDED_KAFKA_DIR}, {@code OSTEON_EMBEDDED_KAFKA_PORT} and
 * {@code OSTEON_EMBEDDED_KAFKA_CONTROLLER_PORT}; a restart reuses the formatted log dir. With
 * {@code OSTEON_EMBEDDED_KAFKA_VOTERS} ({@code 1@127.0.0.1:29093,2@127.0.0.1:29193,...}), it is node
 * {@code OSTEON_EMBEDDED_KAFKA_NODE_ID} of that cluster, formatted with
 * {@code OSTEON_EMBEDDED_KAFKA_CLUSTER_ID} (a Kafka Uuid, the same for every node).
 *
 * <pre>java -cp "launcher/target/classes:launcher/target/lib/*" org.osteon.launcher.BrokerMain</pre>
 */
public final class BrokerMain {

    private BrokerMain() {}

    public static void main(String... args) throws InterruptedException {
        Quiet.logs();
        var env = System.getenv();
        Path dir = Path.of(env.getOrDefault("OSTEON_EMBEDDED_KAFKA_DIR", "osteon-data/kafka"));
        int port = Integer.parseInt(
                env.getOrDefault("OSTEON_EMBEDDED_KAFKA_PORT", Integer.toString(EmbeddedKafkaBroker.DEFAULT_PORT)));
        int controllerPort = Integer.parseInt(env.getOrDefault(
                "OSTEON_EMBEDDED_KAFKA_CONTROLLER_PORT",
                Integer.toString(EmbeddedKafkaBroker.DEFAULT_CONTROLLER_PORT)));
        long start = System.nanoTime();
        String voters = env.get("OSTEON_EMBEDDED_KAFKA_VOTERS");
        EmbeddedKafkaBroker broker = voters == null
                ? EmbeddedKafkaBroker.start(dir, port, controllerPort)
                : EmbeddedKafkaBroker.startClusterNode(
                        dir,
                        Integer.parseInt(env.getOrDefault("OSTEON_EMBEDDED_KAFKA_NODE_ID", "1")),
                        port,
                        controllerPort,
                        voters,
                        env.get("OSTEON_EMBEDDED_KAFKA_CLUSTER_ID"));
        System.out.printf(
                "osteon broker ready on %s (log dir %s) in %d ms%n",
                broker.bootstrapServers(), dir, (System.nanoTime() - start) / 1_000_000);
        CountDownLatch stopped = new CountDownLatch(1);
        // A SIGTERM stops the broker cleanly; a SIGKILL (the chaos run's fault) leaves recovery to the next start.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            broker.close();
                            stopped.countDown();
                        },
                        "osteon-broker-stop"));
        stopped.await();
    }
}
