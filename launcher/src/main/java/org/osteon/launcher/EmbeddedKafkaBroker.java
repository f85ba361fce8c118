package org.osteon.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * The single-node KRaft broker of {@code ./osteon demo}: broker and controller in one process,
 * PLAINTEXT on 127.0.0.1:9092, controller on 9093 (other ports for benchmarks that must not collide
 * with a running demo), every replication factor 1; or one node of a three-node cluster
 * ({@code ./osteon chaos --brokers 3}).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    public static final int DEFAULT_PORT = 9092;
    public static final int DEFAULT_CONTROLLER_PORT = 9093;

    private final KafkaRaftServer server;
    private final int port;

    private EmbeddedKafkaBroker(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Formats {@code logDir} on first use, then starts the broker on the default ports. */
    public static EmbeddedKafkaBroker start(Path logDir) {
        return start(logDir, DEFAULT_PORT, DEFAULT_CONTROLLER_PORT);
    }

    /** Formats {@code logDir} on first use, then starts the broker. */
    public static EmbeddedKafkaBroker start(Path logDir, int port, int controllerPort) {
        return start(logDir, port, properties(logDir, port, controllerPort), "--standalone");
    }

    /**
     * One node of a cluster whose brokers are also its controllers, on a static quorum: {@code voters}
     * is {@code controller.quorum.voters} ({@code 1@127.0.0.1:29093,2@...}), the same on every node, and
     * every node is formatted with the same {@code clusterId}. Topics default to three replicas with two
     * in sync, so one node may die without stopping a producer that waits for every in-sync replica.
     */
    public static EmbeddedKafkaBroker startClusterNode(
            Path logDir, int nodeId, int port, int controllerPort, String voters, String clusterId) {
        Properties props = properties(logDir, port, controllerPort);
        props.setProperty("node.id", Integer.toString(nodeId));
        props.remove("controller.quorum.bootstrap.servers");
        props.setProperty("controller.quorum.voters", voters);
        int nodes = voters.split(",").length;
        String replicas = Integer.toString(Math.min(3, nodes));
        String inSync = Integer.toString(Math.min(2, nodes));
        for (String key : List.of(
                "default.replication.factor",
                "offsets.topic.replication.factor",
                "transaction.state.log.replication.factor",
                "share.coordinator.state.topic.replication.factor")) {
            props.setProperty(key, replicas);
        }
        for (String key : List.of(
                "min.insync.replicas", "transaction.state.log.min.isr", "share.coordinator.state.topic.min.isr")) {
            props.setProperty(key, inSync);
        }
        // A killed node is fenced after 4 s rather than 9: its partitions get new leaders sooner.
        props.setProperty("broker.session.timeout.ms", "4000");
        props.setProperty("broker.heartbeat.interval.ms", "1000");
        return start(logDir, port, props, "--cluster-id=" + clusterId);
    }

    private static EmbeddedKafkaBroker start(Path logDir, int port, Properties props, String formatMode) {
        String clusterId = formatMode.startsWith("--cluster-id=")
                ? formatMode.substring("--cluster-id=".length())
                : Uuid.randomUuid().toString();
        try {
            Files.createDirectories(logDir);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                Path cfg = logDir.resolveSibling(logDir.getFileName() + ".format.properties");
                try (OutputStream out = Files.newOutputStream(cfg)) {
                    props.store(out, "Osteon embedded broker, for formatting");
                }
                List<String> format = new ArrayList<>(List.of("format", "-t", clusterId, "-c", cfg.toString()));
                if (formatMode.equals("--standalone")) {
                    format.add("--standalone");
                }
                int rc = StorageTool.execute(
                        format.toArray(String[]::new), new PrintStream(OutputStream.nullOutputStream()));
                if (rc != 0) {
                    throw new IllegalStateException(
                            "formatting the embedded Kafka log dir " + logDir + " failed: " + rc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded Kafka log dir " + logDir, e);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, port);
        try {
            server.startup();
        } catch (RuntimeException e) {
            // Broker threads are not daemons: a half-started broker would keep the JVM alive.
            broker.close();
            throw e;
        }
        return broker;
    }

    static Properties properties(Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        p.setProperty("num.partitions", "3");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("min.insync.replicas", "1");
        // A demo consumer group should start at once, not wait three seconds for more members.
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
