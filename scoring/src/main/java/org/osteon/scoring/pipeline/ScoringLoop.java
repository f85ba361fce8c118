package org.osteon.scoring.pipeline;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.osteon.platform.store.StoreConfig;
import org.osteon.platform.trace.StudyTracer;
import org.osteon.scoring.config.ScoringConfig;
import org.osteon.scoring.inference.OnnxModel;
import org.osteon.scoring.lifecycle.Models;

/**
 * Runs the scoring loop ({@link ScoringRuntime}) over {@code radiograph-deidentified-v1}, started when
 * Quarkus has started and stopped, after its current batch, when Quarkus stops.
 */
@ApplicationScoped
public class ScoringLoop {

    private static final Logger LOG = Logger.getLogger(ScoringLoop.class);

    @Inject
    ScoringConfig config;

    @Inject
    Models models;

    /** The research store, shared with streams and the worklist: scoring reads claim checks only below its root. */
    @Inject
    StoreConfig store;

    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
    String bootstrapServers;

    @Inject
    StudyTracer tracer;

    private ScoringRuntime runtime;

    void onStart(@Observes StartupEvent event) {
        ScoringRuntime.Options options = new ScoringRuntime.Options(
                bootstrapServers,
                config.transactionalId(),
                instanceId(),
                config.maxBatch(),
                config.maxBatchWaitMs(),
                config.maxInFlightBatches(),
                config.commitIntervalMs(),
                config.preprocessThreads(),
                config.inferenceWorkers(),
                config.writeCam(),
                store.requiredResearchRoot(),
                Map.of(),
                TransactionalLoop.NO_FAULTS);
        if (config.maxInFlightBatches() <= config.inferenceWorkers()) {
            LOG.warnf(
                    "max-in-flight-batches (%d) is not above inference-workers (%d): a worker will wait while the"
                            + " next batch is read and preprocessed",
                    config.maxInFlightBatches(), config.inferenceWorkers());
        }
        runtime = ScoringRuntime.start(models, options, tracer);
        OnnxModel primary = models.primary().active();
        LOG.infof(
                "scoring with %s %s on execution provider %s (%d inference workers x %d intra-op threads) as %s%s",
                primary.descriptor().name(),
                primary.descriptor().version(),
                primary.executionProvider(),
                config.inferenceWorkers(),
                config.intraOpThreads(),
                options.fullTransactionalId(),
                models.shadow()
                        .map(s -> "; shadow " + s.active().descriptor().name() + " "
                                + s.active().descriptor().version() + " on "
                                + s.active().executionProvider())
                        .orElse(""));
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        if (runtime != null) {
            runtime.close();
        }
    }

    /** True once the consumer group assigned this instance its partitions. */
    public boolean hasJoinedGroup() {
        return runtime != null && runtime.loop().hasJoinedGroup();
    }

    /** True while the loop is consuming; false after it stopped on a fatal error or at shutdown. */
    public boolean isRunning() {
        return runtime != null && runtime.loop().isRunning();
    }

    /** Why the loop stopped, when it stopped on an error. */
    public String failure() {
        return runtime == null ? null : runtime.loop().failure();
    }

    private String instanceId() {
        return config.instanceId().orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "local";
            }
        });
    }
}
