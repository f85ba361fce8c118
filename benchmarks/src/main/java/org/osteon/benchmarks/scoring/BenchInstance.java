package org.osteon.benchmarks.scoring;

import java.util.Map;
import org.osteon.scoring.pipeline.TransactionalLoop;

/** One consumer-group member under measurement, as one pod of a service would be. */
interface BenchInstance extends AutoCloseable {

    TransactionalLoop loop();

    /** Records this instance has processed so far (redone ones count again): shows which instances had work. */
    long processed();

    /** Milliseconds spent in each pipeline stage so far, summed over records; empty where not measured. */
    default Map<String, Double> stageMillis() {
        return Map.of();
    }

    @Override
    void close() throws Exception;
}
