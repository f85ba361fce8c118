package org.osteon.scoring.pipeline;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;
import org.osteon.platform.trace.SpanAttribute;
import org.osteon.platform.trace.Stage;
import org.osteon.platform.trace.StudyTracer;
import org.osteon.platform.trace.TraceHeaders;

/**
 * Exactly-once consume-transform-produce over any Kafka {@link Consumer} and transactional
 * {@link Producer}, so the transaction handling is tested with Kafka's mock clients.
 *
 * <p>Each micro-batch commits in one transaction, shared with the batches that finish within
 * {@code commitIntervalMs} after it (so a burst pays one commit per group, not per batch): outputs and
 * input offsets commit together or not at all, so
 * a crash never loses an input and never publishes an output twice to {@code read_committed} readers. Plain clients rather than Kafka Streams because a batch must reach ONNX Runtime as one
 * tensor, which a record-at-a-time processor cannot give.
 *
 * <p>Up to {@code maxInFlight} batches are open at once: while the oldest is on ONNX Runtime (the
 * pipeline's inference workers), the next ones are read and preprocessed by the pipeline's pool, or
 * scored too when there are several workers. Batches commit in poll order. When the limit is reached
 * the consumer pauses its partitions and the loop waits for the open batches (polling for group
 * liveness at least every {@value #PAUSED_WAIT_MS} ms, no fetches) until the head commits, so a burst
 * never fills memory.
 */
public final class TransactionalLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(TransactionalLoop.class);
    /** Poll timeout while idle; bounds how long shutdown waits for the loop to notice. */
    private static final Duration IDLE_POLL = Duration.ofMillis(200);
    /**
     * Longest wait for a batch to finish while paused; the consumer is polled (rebalance callbacks, no
     * fetches) at least this often. A finished batch ends the wait at once.
     */
    private static final long PAUSED_WAIT_MS = 50;

    /**
     * Called after a transaction's outputs were sent and before its offsets and commit: the one place a test
     * can stop an instance mid-transaction, as a crash would. Production passes {@link #NO_FAULTS}.
     */
    @FunctionalInterface
    public interface BeforeCommit {
        void batchSent(long transactionNumber);
    }

    public static final BeforeCommit NO_FAULTS = n -> {};

    private final Consumer<String, byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final BatchPipeline pipeline;
    private final int maxBatch;
    private final int maxBatchWaitMs;
    private final int maxInFlight;
    private final long commitIntervalNanos;
    private final StageTimings timings;
    private final BeforeCommit beforeCommit;
    private final StudyTracer tracer;

    private volatile boolean stopping;
    private volatile boolean running = true;
    private volatile String failure;
    private volatile boolean joinedGroup;
    private long batches;
    private final AtomicLong committedRecords = new AtomicLong();
    /** Batches polled but not yet committed, oldest first; only the loop thread touches it (rebalance callbacks run inside poll). */
    private final Deque<OpenBatch> open = new ArrayDeque<>();

    private final Set<TopicPartition> paused = new HashSet<>();

    private static final class OpenBatch {

        private final List<Incoming> records;
        /** Epoch nanoseconds at which each record's poll returned, for its trace. */
        private final long[] polledAt;
        /** Epoch nanoseconds at which the batch closed and went to the pipeline. */
        private final long closedAt;

        private final CompletableFuture<BatchPipeline.Finish> prepared;
        /** {@link System#nanoTime()} when the batch finished; published by the write of {@link #done}. */
        private long doneAt;
        /** The same moment in epoch nanoseconds, for the trace. */
        private long doneAtEpoch;

        private volatile boolean done;

        OpenBatch(
                List<Incoming> records,
                long[] polledAt,
                long closedAt,
                CompletableFuture<BatchPipeline.Finish> prepared) {
            this.records = records;
            this.polledAt = polledAt;
            this.closedAt = closedAt;
            this.prepared = prepared;
            prepared.whenComplete((finish, error) -> {
                doneAt = System.nanoTime();
                doneAtEpoch = StudyTracer.now();
                done = true;
            });
        }

        List<Incoming> records() {
            return records;
        }

        CompletableFuture<BatchPipeline.Finish> prepared() {
            return prepared;
        }

        /** Done, with its completion time set (whenComplete runs right after the future completes). */
        boolean ready() {
            return done;
        }
    }

    /** A synchronous transform, one batch open at a time: the shape the transaction tests drive. */
    public TransactionalLoop(
            Consumer<String, byte[]> consumer,
            Producer<byte[], byte[]> producer,
            String topic,
            Function<List<Incoming>, List<ProducerRecord<byte[], byte[]>>> transform,
            int maxBatch,
            int maxBatchWaitMs) {
        this(
                consumer,
                producer,
                topic,
                batch -> CompletableFuture.completedFuture(() -> transform.apply(batch)),
                maxBatch,
                maxBatchWaitMs,
                1,
                0,
                new StageTimings(),
                NO_FAULTS,
                StudyTracer.noop());
    }

    /**
     * @param maxInFlight      batches open at once (polled, not yet committed)
     * @param commitIntervalMs longest time a finished batch waits to share its transaction with batches
     *                         finishing after it; 0 commits every batch as soon as it is done
     * @param tracer           records each image's scoring stages ({@link Stage}) when its batch commits
     */
    public TransactionalLoop(
            Consumer<String, byte[]> consumer,
            Producer<byte[], byte[]> producer,
            String topic,
            BatchPipeline pipeline,
            int maxBatch,
            int maxBatchWaitMs,
            int maxInFlight,
            int commitIntervalMs,
            StageTimings timings,
            BeforeCommit beforeCommit,
            StudyTracer tracer) {
        this.tracer = tracer;
        this.consumer = consumer;
        this.producer = producer;
        this.topic = topic;
        this.pipeline = pipeline;
        this.maxBatch = maxBatch;
        this.maxBatchWaitMs = maxBatchWaitMs;
        this.maxInFlight = maxInFlight;
        this.commitIntervalNanos = TimeUnit.MILLISECONDS.toNanos(commitIntervalMs);
        this.timings = timings;
        this.beforeCommit = beforeCommit;
    }

    /** Asks the loop to finish; safe from any thread. Uncommitted records are re-read by the next owner. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    /** True until the loop has stopped, at shutdown or on a fatal error. */
    public boolean isRunning() {
        return running;
    }

    /**
     * True once the consumer group has handed this loop its partitions. Until then a record would wait
     * for the group join, seconds, so the service is not ready.
     */
    public boolean hasJoinedGroup() {
        return joinedGroup;
    }

    /** Why the loop stopped, when it stopped on an error. */
    public String failure() {
        return failure;
    }

    /** Input records whose offsets this loop has committed since it started (outputs or dead letters included). */
    public long committedRecords() {
        return committedRecords.get();
    }

    @Override
    public void run() {
        try (consumer;
                producer) {
            producer.initTransactions();
            consumer.subscribe(List.of(topic), new DropRevoked());
            LOG.infof(
                    "scoring loop consuming %s (max-batch %d, max-batch-wait %d ms, max-in-flight-batches %d,"
                            + " commit-interval %d ms)",
                    topic, maxBatch, maxBatchWaitMs, maxInFlight, TimeUnit.NANOSECONDS.toMillis(commitIntervalNanos));
            while (!stopping) {
                step();
            }
        } catch (WakeupException e) {
            if (!stopping) {
                fail("consumer woken unexpectedly", e);
            }
        } catch (FatalProducerException e) {
            fail(
                    "fatal producer error, stopping (another instance with the same transactional.id may have"
                            + " taken over)",
                    e.getCause());
        } catch (RuntimeException e) {
            fail("scoring loop crashed", e);
        } finally {
            open.forEach(b -> b.prepared().cancel(false));
            running = false;
            LOG.info("scoring loop stopped");
        }
    }

    /** One turn: commit the finished batches if their commit is due, else open another one, else wait paused. */
    private void step() {
        if (commitDue()) {
            commitReady();
            resumeIfRoom();
        } else if (open.size() < maxInFlight) {
            List<Long> polledAt = new ArrayList<>();
            List<Incoming> batch = collectBatch(open.isEmpty(), polledAt);
            if (!batch.isEmpty()) {
                long closedAt = StudyTracer.now();
                open.addLast(new OpenBatch(
                        batch,
                        polledAt.stream().mapToLong(Long::longValue).toArray(),
                        closedAt,
                        pipeline.prepare(batch)));
            }
        } else {
            pauseAll();
            awaitProgress();
            // Paused partitions fetch nothing; the poll runs rebalance callbacks and keeps the member alive.
            consumer.poll(Duration.ZERO);
        }
    }

    /**
     * Whether the finished batches at the head commit now. Each transaction costs the broker several
     * requests and markers whatever its size, so under a burst batches that finish close together share
     * one (as Kafka Streams commits every commit.interval.ms): the head waits for younger batches, but
     * never when nothing else is open (a lone study is not held back), never longer than the commit
     * interval, and never while finished batches take the slots the workers need for their next batches.
     */
    private boolean commitDue() {
        OpenBatch oldest = open.peekFirst();
        if (oldest == null || !oldest.ready()) {
            return false;
        }
        int done = 0;
        for (OpenBatch b : open) {
            done += b.ready() ? 1 : 0;
        }
        return done == open.size()
                || done >= maxInFlight - pipeline.parallelism()
                || System.nanoTime() - oldest.doneAt >= commitIntervalNanos;
    }

    /**
     * Waits, with the partitions paused, until a batch finishes or the head's commit falls due, at most
     * {@link #PAUSED_WAIT_MS}: a blocking wait rather than a tight poll loop, whose wake-ups would take
     * CPU from inference.
     */
    private void awaitProgress() {
        long waitNanos = TimeUnit.MILLISECONDS.toNanos(PAUSED_WAIT_MS);
        OpenBatch oldest = open.peekFirst();
        if (oldest != null && oldest.ready()) {
            waitNanos = Math.min(waitNanos, Math.max(0, oldest.doneAt + commitIntervalNanos - System.nanoTime()));
        }
        CompletableFuture<?>[] pending =
                open.stream().filter(b -> !b.ready()).map(OpenBatch::prepared).toArray(CompletableFuture[]::new);
        if (pending.length == 0 || waitNanos == 0) {
            return;
        }
        try {
            // anyOf completes with the first future; whenComplete has set its doneAt by then or just after.
            CompletableFuture.anyOf(pending).get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            // A failed batch is reported when it commits; a timeout just means another turn.
        }
    }

    private void fail(String message, Throwable cause) {
        failure = message + ": " + cause;
        LOG.error(message, cause);
    }

    /**
     * Micro-batching: after the first record arrives, keep polling until {@code max-batch} eligible
     * records are in hand or {@code max-batch-wait-ms} has passed. With other batches open, the wait ends
     * early when the finished ones are due to commit, so their scores are not held back by the wait.
     */
    private List<Incoming> collectBatch(boolean idle, List<Long> polledAt) {
        List<Incoming> batch = new ArrayList<>();
        long deadline = Long.MAX_VALUE;
        int eligible = 0;
        while (!stopping) {
            long now = System.currentTimeMillis();
            Duration timeout = batch.isEmpty()
                    ? (idle ? IDLE_POLL : Duration.ofMillis(Math.max(1, Math.min(maxBatchWaitMs, 5))))
                    : Duration.ofMillis(Math.max(0, deadline - now));
            ConsumerRecords<String, byte[]> polled = consumer.poll(timeout);
            long at = polled.isEmpty() ? 0 : StudyTracer.now();
            for (ConsumerRecord<String, byte[]> r : polled) {
                Incoming in = Incoming.decode(r);
                batch.add(in);
                polledAt.add(at);
                eligible += in.eligible() ? 1 : 0;
            }
            if (batch.isEmpty()) {
                return batch;
            }
            if (deadline == Long.MAX_VALUE) {
                deadline = now + maxBatchWaitMs;
            }
            if (eligible >= maxBatch || System.currentTimeMillis() >= deadline || commitDue()) {
                return batch;
            }
        }
        return batch;
    }

    /**
     * Finishes the oldest batch and every younger one that is ready too, in order, and commits them in
     * one transaction: each batch still goes to ORT as one tensor, but a burst pays for one commit
     * round trip per group rather than per batch.
     */
    private void commitReady() {
        List<OpenBatch> group = new ArrayList<>();
        for (OpenBatch b : open) {
            if (!b.ready()) {
                break;
            }
            group.add(b);
        }
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        List<Incoming> records = new ArrayList<>();
        for (OpenBatch batch : group) {
            try {
                out.addAll(batch.prepared().join().run());
            } catch (CompletionException e) {
                throw new IllegalStateException("preparing a batch failed outside any one image", e.getCause());
            }
            records.addAll(batch.records());
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = nextOffsets(records);
        trace(group, out);
        long start = System.nanoTime();
        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> r : out) {
                producer.send(r);
            }
            beforeCommit.batchSent(++batches);
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
            group.forEach(b -> open.removeFirst());
            committedRecords.addAndGet(records.size());
            timings.add(StageTimings.PRODUCE, (System.nanoTime() - start) / 1e6);
        } catch (ProducerFencedException
                | FencedInstanceIdException
                | OutOfOrderSequenceException
                | AuthorizationException
                | UnsupportedVersionException e) {
            throw new FatalProducerException(e);
        } catch (KafkaException e) {
            LOG.warnf("transaction aborted, the open batches will be re-read: %s", e.toString());
            abort();
            rewind(Set.of());
        }
    }

    /**
     * Records each image's scoring stages (queue, batch, inference, wait) and puts the context of its
     * last span into its outputs' headers, in place of the input's context that the transform copied
     * there. Spans of a group that then aborts stay recorded: the records are scored again, in new spans.
     */
    private void trace(List<OpenBatch> group, List<ProducerRecord<byte[], byte[]>> out) {
        long handOff = StudyTracer.now();
        Map<String, Span> lastSpanByInput = new HashMap<>();
        for (OpenBatch batch : group) {
            for (int i = 0; i < batch.records().size(); i++) {
                Headers headers = batch.records().get(i).record().headers();
                String traceparent = TraceHeaders.traceparent(headers);
                if (traceparent == null) {
                    continue;
                }
                long polled = batch.polledAt[i];
                Context upstream = tracer.consumed(Stage.SCORING_QUEUE, headers, polled);
                stage(
                        Stage.SCORING_BATCH,
                        upstream,
                        polled,
                        batch.closedAt,
                        batch.records().size());
                stage(
                        Stage.SCORING_INFERENCE,
                        upstream,
                        batch.closedAt,
                        batch.doneAtEpoch,
                        batch.records().size());
                lastSpanByInput.put(traceparent, tracer.start(Stage.SCORING_WAIT, upstream, batch.doneAtEpoch));
            }
        }
        for (ProducerRecord<byte[], byte[]> r : out) {
            Span last = lastSpanByInput.get(TraceHeaders.traceparent(r.headers()));
            if (last != null) {
                tracer.propagate(last, r.headers(), handOff);
            }
        }
        lastSpanByInput.values().forEach(s -> s.end(handOff, TimeUnit.NANOSECONDS));
    }

    private void stage(Stage stage, Context upstream, long start, long end, int batchSize) {
        Span span = tracer.start(stage, upstream, Math.min(start, end));
        StudyTracer.set(span, SpanAttribute.BATCH_SIZE, batchSize);
        span.end(end, TimeUnit.NANOSECONDS);
    }

    private void abort() {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            throw new FatalProducerException(e);
        }
    }

    /**
     * Drops every open batch and seeks each partition still owned (and not just revoked) back to its
     * first uncommitted record, so nothing is skipped and nothing is committed twice.
     */
    private void rewind(Collection<TopicPartition> revoked) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (OpenBatch b : open) {
            b.prepared().cancel(false);
            for (Incoming in : b.records()) {
                first.merge(
                        new TopicPartition(in.record().topic(), in.record().partition()),
                        in.record().offset(),
                        Math::min);
            }
        }
        first.forEach((tp, offset) -> {
            if (!revoked.contains(tp) && consumer.assignment().contains(tp)) {
                consumer.seek(tp, offset);
            }
        });
        open.clear();
        resumeIfRoom();
    }

    /** Backpressure: stop fetching while the open batches are at the limit. */
    private void pauseAll() {
        Set<TopicPartition> toPause = new HashSet<>(consumer.assignment());
        toPause.removeAll(paused);
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
            paused.addAll(toPause);
        }
    }

    private void resumeIfRoom() {
        if (paused.isEmpty() || open.size() >= maxInFlight) {
            return;
        }
        Set<TopicPartition> owned = new HashSet<>(paused);
        owned.retainAll(consumer.assignment());
        consumer.resume(owned);
        paused.clear();
    }

    static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<Incoming> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Incoming in : batch) {
            ConsumerRecord<String, byte[]> r = in.record();
            offsets.merge(
                    new TopicPartition(r.topic(), r.partition()),
                    new OffsetAndMetadata(r.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return offsets;
    }

    /**
     * Records of a partition this instance lost belong to the new owner now; committing them here would
     * duplicate. Open batches may mix partitions, so all of them are dropped and the partitions still
     * owned are re-read from their first uncommitted record.
     */
    private final class DropRevoked implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            paused.removeAll(partitions);
            if (!open.isEmpty()) {
                rewind(partitions);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // Positions come from the group's committed offsets; nothing to restore.
            joinedGroup = true;
            // A newly assigned partition starts unpaused; keep it so while the open batches are at the limit.
            if (open.size() >= maxInFlight) {
                pauseAll();
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }
    }

    /** The producer can no longer be used; the loop must stop. */
    private static final class FatalProducerException extends RuntimeException {
        FatalProducerException(KafkaException cause) {
            super(cause);
        }
    }
}
