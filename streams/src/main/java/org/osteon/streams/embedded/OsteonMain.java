package org.osteon.streams.embedded;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Entry point. With {@code OSTEON_EMBEDDED_KAFKA=true} the single-node broker starts before Quarkus
 * (whose Kafka clients need it) and stops after Quarkus has stopped, in that order, so that no
 * producer or stream is still talking to a broker that is going away.
 */
@QuarkusMain
public final class OsteonMain {

    private static final Logger LOG = Logger.getLogger(OsteonMain.class);

    private OsteonMain() {
    }

    /** Held so the levels are not garbage-collected with the loggers. */
    private static final java.util.List<java.util.logging.Logger> QUIET = new java.util.ArrayList<>();

    /** The broker starts before Quarkus applies its log configuration, and dumps its config at INFO. */
    private static void quietBrokerLogs() {
        for (String category : new String[] {"kafka", "org.apache.kafka", "state.change.logger"}) {
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger(category);
            logger.setLevel(java.util.logging.Level.WARNING);
            QUIET.add(logger);
        }
    }

    public static void main(String... args) {
        if (!Boolean.parseBoolean(System.getenv("OSTEON_EMBEDDED_KAFKA"))) {
            Quarkus.run(args);
            return;
        }
        String dir = System.getenv().getOrDefault("OSTEON_EMBEDDED_KAFKA_DIR", "osteon-data/kafka");
        quietBrokerLogs();
        EmbeddedKafkaBroker broker = null;
        int[] exitCode = {1};
        try {
            long start = System.nanoTime();
            // Other ports only for benchmarks that run beside a demo; KAFKA_BOOTSTRAP_SERVERS must match.
            int port = Integer.parseInt(System.getenv().getOrDefault("OSTEON_EMBEDDED_KAFKA_PORT",
                    Integer.toString(EmbeddedKafkaBroker.DEFAULT_PORT)));
            int controllerPort = Integer.parseInt(System.getenv().getOrDefault("OSTEON_EMBEDDED_KAFKA_CONTROLLER_PORT",
                    Integer.toString(EmbeddedKafkaBroker.DEFAULT_CONTROLLER_PORT)));
            broker = EmbeddedKafkaBroker.start(Path.of(dir), port, controllerPort);
            LOG.infof("Embedded Kafka broker ready on %s (log dir %s) in %d ms",
                    broker.bootstrapServers(), dir, (System.nanoTime() - start) / 1_000_000);
            // Our own exit handler: the default one would System.exit before the broker is stopped.
            Quarkus.run(null, (code, cause) -> exitCode[0] = code, args);
        } finally {
            if (broker != null) {
                LOG.info("Stopping the embedded Kafka broker");
                broker.close();
            }
        }
        System.exit(exitCode[0]);
    }
}
