package org.osteon.scoring.pipeline;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The transform of consume-transform-produce, split in two so the slow, parallel part runs off the loop
 * thread. {@link #prepare} is called on the loop thread and returns at once; its future completes on
 * worker threads (reading and preprocessing pixels, then inference). The {@link Finish} it yields runs
 * back on the loop thread, which alone touches the Kafka clients.
 */
@FunctionalInterface
public interface BatchPipeline {

    CompletableFuture<Finish> prepare(List<Incoming> batch);

    /**
     * Batches this pipeline works on at once (its inference workers). The loop keeps that many open
     * slots for batches that are read and waiting, so no worker idles while finished batches wait to
     * share a commit.
     */
    default int parallelism() {
        return 1;
    }

    /** The loop-thread half: hands over the records to produce. */
    @FunctionalInterface
    interface Finish {
        List<ProducerRecord<byte[], byte[]>> run();
    }
}
