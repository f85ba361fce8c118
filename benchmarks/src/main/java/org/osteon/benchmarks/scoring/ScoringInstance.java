package org.osteon.benchmarks.scoring;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.osteon.scoring.inference.SessionSettings;
import org.osteon.scoring.lifecycle.ModelLoader;
import org.osteon.scoring.lifecycle.Models;
import org.osteon.scoring.pipeline.ScoringRuntime;
import org.osteon.scoring.pipeline.TransactionalLoop;

/**
 * One scoring service instance as a pod runs it: its own ORT session, preparation pool, consumer and
 * transactional producer ({@link ScoringRuntime}, the code the Quarkus service starts). Only the group
 * id is overridden, so each cell of the benchmark starts from a group with no committed offsets.
 */
final class ScoringInstance implements BenchInstance {

    private final Models models;
    private final ScoringRuntime runtime;

    ScoringInstance(
            String bootstrapServers,
            String group,
            String transactionalId,
            String instanceId,
            Path modelDir,
            Path researchRoot,
            int maxBatch,
            int threads) {
        SessionSettings settings = SessionSettings.cpu(threads);
        this.models = Models.open(new ModelLoader(settings), modelDir, Optional.empty());
        try {
            // max-batch-wait 10 ms (the service default) and 2 in-flight batches (the default is 4): two batches
            // keep one worker's queue full without holding more events open per instance.
            this.runtime = ScoringRuntime.start(
                    models,
                    new ScoringRuntime.Options(
                            bootstrapServers,
                            transactionalId,
                            instanceId,
                            maxBatch,
                            10,
                            2,
                            100,
                            threads,
                            1,
                            true,
                            researchRoot,
                            Map.of(ConsumerConfig.GROUP_ID_CONFIG, group),
                            TransactionalLoop.NO_FAULTS));
        } catch (RuntimeException e) {
            models.close();
            throw e;
        }
    }

    @Override
    public TransactionalLoop loop() {
        return runtime.loop();
    }

    @Override
    public long processed() {
        return runtime.timings().images();
    }

    @Override
    public Map<String, Double> stageMillis() {
        return runtime.timings().totalMillis();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            runtime.close();
        } finally {
            models.close();
        }
    }
}
