package org.osteon.gateway.results.writer;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.osteon.gateway.config.ResultsConfig;
import org.osteon.platform.kafka.KafkaClientSettings;
import org.osteon.platform.kafka.TopicsConfig;
import org.osteon.platform.store.StoreConfig;

/**
 * Runs the results writer's Kafka Streams application in the gateway's process when at least one
 * destination is configured. Exactly-once: an outbox record is visible only with the offsets of the
 * decision it came from, so a crash between the two redoes the decision, and the redone objects have
 * the same UIDs and bytes.
 */
@ApplicationScoped
public class ResultsWriter {

    private static final Logger LOG = Logger.getLogger(ResultsWriter.class);

    private static final Duration RESTART_PAUSE = Duration.ofSeconds(1);

    private final ResultsConfig config;
    private final StoreConfig stores;
    private final TopicsConfig topics;
    private final String bootstrapServers;
    private KafkaStreams streams;

    public ResultsWriter(
            ResultsConfig config,
            StoreConfig stores,
            TopicsConfig topics,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.stores = stores;
        this.topics = topics;
        this.bootstrapServers = bootstrapServers;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.destinations().isEmpty()) {
            LOG.info("no result destination configured (osteon.results.destinations): the results writer is off");
            return;
        }
        ResultMaker maker = new ResultMaker(stores.phiRoot(), stores.requiredResearchRoot(), Clock.systemUTC());
        streams = new KafkaStreams(ResultsTopology.build(maker, Clock.systemUTC()), properties());
        // A thrown record is a transient fault (a store, the broker): a fresh thread redoes it, after a
        // pause, so a store that stays down costs one attempt a second, not a busy loop. Only the fault's
        // class is logged: messages from below may carry paths that name a study.
        streams.setUncaughtExceptionHandler(exception -> {
            Throwable root = exception;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            LOG.warnf(
                    "results writer thread failed (%s), replacing it in %d ms",
                    root.getClass().getSimpleName(), RESTART_PAUSE.toMillis());
            try {
                Thread.sleep(RESTART_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        LOG.infof(
                "results writer started for destinations %s",
                config.destinations().keySet());
    }

    Properties properties() {
        Properties properties = new Properties();
        Map<String, Object> base =
                KafkaClientSettings.fromConfig(bootstrapServers).base();
        properties.putAll(base);
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, ResultsTopology.APPLICATION_ID);
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // With exactly-once, output is visible only after a commit: the interval bounds the results' latency.
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        properties.put(
                StreamsConfig.STATE_DIR_CONFIG,
                config.stateDir().toAbsolutePath().toString());
        properties.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) topics.replicationFactor());
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000);
        return properties;
    }

    void onStop(@Observes ShutdownEvent event) {
        if (streams != null) {
            streams.close(Duration.ofSeconds(10));
        }
    }
}
