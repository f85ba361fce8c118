package org.osteon.scoring.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osteon.platform.trace.StudyTracer;

/** The transaction handling of the scoring loop, against Kafka's mock clients. */
@Timeout(30)
class TransactionalLoopTest {

    private static final String IN = "radiograph-deidentified-v1";
    private static final TopicPartition TP = new TopicPartition(IN, 0);

    private MockConsumer<String, byte[]> consumer;
    private MockProducer<byte[], byte[]> producer;
    private TransactionalLoop loop;
    private Thread thread;
    private final AtomicInteger transforms = new AtomicInteger();

    @BeforeEach
    void setUp() {
        consumer = new MockConsumer<>("earliest");
        producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        consumer.updateBeginningOffsets(Map.of(TP, 0L));
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(TP)));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (loop != null) {
            loop.stop();
            thread.join(5_000);
        }
    }

    /** One output per input, echoing its value, so the test sees exactly what was committed. */
    private List<ProducerRecord<byte[], byte[]>> echo(List<Incoming> batch) {
        transforms.incrementAndGet();
        return batch.stream()
                .map(in ->
                        new ProducerRecord<byte[], byte[]>("out-v1", in.record().value()))
                .toList();
    }

    private void start(java.util.function.Function<List<Incoming>, List<ProducerRecord<byte[], byte[]>>> transform) {
        loop = new TransactionalLoop(consumer, producer, IN, transform, 8, 0);
        thread = new Thread(loop, "test-loop");
        thread.start();
    }

    private void addRecords(long from, int n) {
        consumer.schedulePollTask(() -> {
            for (long o = from; o < from + n; o++) {
                consumer.addRecord(new ConsumerRecord<>(IN, 0, o, "k", new byte[] {(byte) o}));
            }
        });
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private Long committedOffset() {
        return producer.consumerGroupOffsetsHistory().stream()
                .flatMap(m -> m.values().stream())
                .map(o -> o.get(TP))
                .filter(o -> o != null)
                .map(OffsetAndMetadata::offset)
                .reduce((a, b) -> b)
                .orElse(null);
    }

    @Test
    void shouldCommitOutputsTogetherWithTheNextInputOffsets() throws Exception {
        addRecords(0, 3);
        start(this::echo);
        await(() -> producer.history().size() == 3);
        assertThat(producer.transactionInitialized()).isTrue();
        assertThat(committedOffset()).isEqualTo(3L);
        assertThat(producer.history()).extracting(r -> r.value()[0]).containsExactly((byte) 0, (byte) 1, (byte) 2);
    }

    @Test
    void shouldCommitTheOffsetsOfABatchThatProducesNothing() throws Exception {
        addRecords(0, 2);
        start(batch -> {
            transforms.incrementAndGet();
            return List.of();
        });
        await(() -> committedOffset() != null);
        assertThat(committedOffset()).isEqualTo(2L);
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldAbortAndRewindToTheBatchStartWhenTheCommitFails() throws Exception {
        producer.commitTransactionException = new KafkaException("broker hiccup");
        addRecords(0, 3);
        start(this::echo);
        await(() -> producer.transactionAborted());
        await(() -> consumer.position(TP) == 0L);
        assertThat(producer.history())
                .as("nothing of the aborted batch is visible")
                .isEmpty();
        assertThat(committedOffset()).isNull();
        assertThat(loop.isRunning()).isTrue();

        // The broker serves the batch again after the seek; this time the commit goes through.
        producer.commitTransactionException = null;
        addRecords(0, 3);
        await(() -> producer.history().size() == 3);
        assertThat(committedOffset()).isEqualTo(3L);
        assertThat(transforms.get()).isEqualTo(2);
    }

    @Test
    void shouldStopWhenAnotherInstanceFencedTheProducer() throws Exception {
        producer.commitTransactionException = new ProducerFencedException("fenced by a newer epoch");
        addRecords(0, 1);
        start(this::echo);
        await(() -> !loop.isRunning());
        assertThat(loop.failure()).contains("fatal producer error").contains("fenced");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldPauseThePartitionsWhileTheOpenBatchesAreAtTheLimitAndCommitThemInOrder() throws Exception {
        List<CompletableFuture<BatchPipeline.Finish>> preparations = new java.util.concurrent.CopyOnWriteArrayList<>();
        BatchPipeline slow = batch -> {
            CompletableFuture<BatchPipeline.Finish> f = new CompletableFuture<>();
            preparations.add(f);
            return f.thenApply(done -> () -> echo(batch));
        };
        loop = new TransactionalLoop(
                consumer,
                producer,
                IN,
                slow,
                1,
                0,
                2,
                0,
                new StageTimings(),
                TransactionalLoop.NO_FAULTS,
                StudyTracer.noop());
        thread = new Thread(loop, "test-loop");
        thread.start();
        addRecords(0, 1);
        addRecords(1, 1);
        addRecords(2, 1);
        await(() -> preparations.size() == 2);
        await(() -> consumer.paused().contains(TP));
        Thread.sleep(100);
        assertThat(preparations).as("no third batch while two are open").hasSize(2);
        assertThat(producer.history()).isEmpty();

        // The younger batch finishing first must not overtake the older one.
        preparations.get(1).complete(null);
        Thread.sleep(100);
        assertThat(producer.history()).isEmpty();
        preparations.get(0).complete(null);
        await(() -> producer.history().size() == 2);
        assertThat(producer.history()).extracting(r -> r.value()[0]).containsExactly((byte) 0, (byte) 1);
        await(() -> !consumer.paused().contains(TP));
        await(() -> preparations.size() == 3);
        preparations.get(2).complete(null);
        await(() -> producer.history().size() == 3);
        assertThat(committedOffset()).isEqualTo(3L);
    }

    /** Batches that finish when the test says so, on a pipeline of {@code workers} inference workers. */
    private final class HeldPipeline implements BatchPipeline {

        final List<CompletableFuture<Finish>> preparations = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final int workers;

        HeldPipeline(int workers) {
            this.workers = workers;
        }

        @Override
        public CompletableFuture<Finish> prepare(List<Incoming> batch) {
            CompletableFuture<Finish> f = new CompletableFuture<>();
            preparations.add(f);
            return f.thenApply(done -> () -> echo(batch));
        }

        @Override
        public int parallelism() {
            return workers;
        }

        void finish(int batch) {
            preparations.get(batch).complete(null);
        }
    }

    private HeldPipeline startHeld(int workers, int maxInFlight, int commitIntervalMs) {
        HeldPipeline pipeline = new HeldPipeline(workers);
        loop = new TransactionalLoop(
                consumer,
                producer,
                IN,
                pipeline,
                1,
                0,
                maxInFlight,
                commitIntervalMs,
                new StageTimings(),
                TransactionalLoop.NO_FAULTS,
                StudyTracer.noop());
        thread = new Thread(loop, "test-loop");
        thread.start();
        return pipeline;
    }

    /** Transactions committed so far: each one committed its input offsets once. */
    private int transactions() {
        return producer.consumerGroupOffsetsHistory().size();
    }

    @Test
    void shouldLetBatchesThatFinishWhileOthersRunShareOneTransaction() throws Exception {
        HeldPipeline pipeline = startHeld(2, 4, 60_000);
        for (int i = 0; i < 4; i++) {
            addRecords(i, 1);
        }
        await(() -> pipeline.preparations.size() == 4);

        // One finished batch, two slots still hold batches waiting for a worker: it waits for company.
        pipeline.finish(0);
        Thread.sleep(200);
        assertThat(producer.history()).isEmpty();

        // Two finished batches take the slots the two workers need next: both commit, in one transaction.
        pipeline.finish(1);
        await(() -> producer.history().size() == 2);
        assertThat(transactions()).isEqualTo(1);
        assertThat(committedOffset()).isEqualTo(2L);
        assertThat(loop.committedRecords()).isEqualTo(2);
        assertThat(producer.history()).extracting(r -> r.value()[0]).containsExactly((byte) 0, (byte) 1);
    }

    @Test
    void shouldCommitAFinishedBatchAtOnceWhenNothingElseIsOpen() throws Exception {
        HeldPipeline pipeline = startHeld(2, 4, 60_000);
        addRecords(0, 1);
        await(() -> pipeline.preparations.size() == 1);
        long finished = System.nanoTime();
        pipeline.finish(0);
        await(() -> producer.history().size() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - finished))
                .as("a lone study is not held back")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(committedOffset()).isEqualTo(1L);
    }

    @Test
    void shouldCommitAFinishedBatchWhenTheCommitIntervalHasPassedWhileOthersStillRun() throws Exception {
        HeldPipeline pipeline = startHeld(2, 4, 300);
        addRecords(0, 1);
        addRecords(1, 1);
        await(() -> pipeline.preparations.size() == 2);
        long finished = System.nanoTime();
        pipeline.finish(0);
        await(() -> producer.history().size() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - finished))
                .as("held for the commit interval")
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(committedOffset()).isEqualTo(1L);

        pipeline.finish(1);
        await(() -> producer.history().size() == 2);
        assertThat(transactions()).isEqualTo(2);
        assertThat(committedOffset()).isEqualTo(2L);
    }
}
