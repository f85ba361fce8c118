package org.osteon.scoring.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osteon.events.DeadLetter;
import org.osteon.events.RadiographDeidentified;
import org.osteon.events.RadiographScored;
import org.osteon.schemas.topic.Topics;
import org.osteon.scoring.TestModels;
import org.osteon.scoring.inference.OnnxModel;
import org.osteon.scoring.inference.SessionSettings;
import org.osteon.scoring.lifecycle.ModelLoader;
import org.osteon.scoring.lifecycle.ModelSlot;
import org.osteon.scoring.lifecycle.Models;
import org.osteon.scoring.model.GoldenCases;
import org.osteon.scoring.model.ModelDescriptor;
import org.osteon.scoring.postprocess.ModelRole;

class RecordTransformerTest {

    private static OnnxModel model;
    private static RecordTransformer transformer;
    private static String golden;

    @BeforeAll
    static void load() throws Exception {
        assumeTrue(TestModels.goldenPresent(), "no golden DICOMs at " + TestModels.goldenDir());
        model = OnnxModel.load(ModelDescriptor.load(TestModels.defaultModelDir()), SessionSettings.cpu(1));
        Models models = new Models(
                new ModelLoader(SessionSettings.cpu(1)), new ModelSlot(ModelRole.PRIMARY, model), Optional.empty());
        transformer = new RecordTransformer(
                models,
                Runnable::run,
                1,
                Runnable::run,
                1,
                2,
                Clock.systemUTC(),
                false,
                new StageTimings(),
                TestModels.goldenDir());
        golden = GoldenCases.load(TestModels.goldenDir())
                .cases()
                .get(0)
                .dicom()
                .toUri()
                .toString();
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    private static ConsumerRecord<String, byte[]> record(long offset, String key, byte[] value) {
        return new ConsumerRecord<>(Topics.RADIOGRAPH_DEIDENTIFIED.name(), 0, offset, key, value);
    }

    private static byte[] encode(RadiographDeidentified e) {
        return Topics.RADIOGRAPH_DEIDENTIFIED.valueSerde().serializer().serialize("t", e);
    }

    /**
     * Two inference workers score two batches at the same time (each waits inside ORT's turn until the
     * other has started, which one worker could never satisfy), and each batch gets the scores of its
     * own images: the workers' reused input buffers never mix.
     */
    @Test
    void shouldScoreBatchesConcurrentlyOnSeveralWorkersWithEachBatchsOwnImages() throws Exception {
        List<GoldenCases.Case> cases = GoldenCases.load(TestModels.goldenDir()).cases();
        List<Incoming> one = List.of(Incoming.decode(record(
                1,
                "S1",
                encode(BatchScorerTest.event(cases.get(0).dicom().toUri().toString(), "A")))));
        List<Incoming> two = List.of(Incoming.decode(record(
                2,
                "S2",
                encode(BatchScorerTest.event(cases.get(1).dicom().toUri().toString(), "B")))));
        double alone1 = malignancy(transformer.transform(one));
        double alone2 = malignancy(transformer.transform(two));
        assertThat(alone1).as("two golden cases that score differently").isNotEqualTo(alone2);

        ExecutorService workers = Executors.newFixedThreadPool(2);
        CountDownLatch bothStarted = new CountDownLatch(2);
        try {
            Models models = new Models(
                    new ModelLoader(SessionSettings.cpu(1)), new ModelSlot(ModelRole.PRIMARY, model), Optional.empty());
            RecordTransformer concurrent = new RecordTransformer(
                    models,
                    Runnable::run,
                    1,
                    task -> workers.execute(() -> {
                        bothStarted.countDown();
                        try {
                            assertThat(bothStarted.await(20, TimeUnit.SECONDS))
                                    .as("the other batch is on a worker too")
                                    .isTrue();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        task.run();
                    }),
                    2,
                    2,
                    Clock.systemUTC(),
                    false,
                    new StageTimings(),
                    TestModels.goldenDir());
            var first = concurrent.prepare(one);
            var second = concurrent.prepare(two);
            assertThat(malignancy(first.get(30, TimeUnit.SECONDS).run())).isEqualTo(alone1);
            assertThat(malignancy(second.get(30, TimeUnit.SECONDS).run())).isEqualTo(alone2);
            assertThat(bothStarted.getCount()).isZero();
        } finally {
            workers.shutdownNow();
        }
    }

    private static double malignancy(List<ProducerRecord<byte[], byte[]>> out) {
        assertThat(out).hasSize(1);
        return Topics.RADIOGRAPH_SCORED
                .valueSerde()
                .deserializer()
                .deserialize("t", out.get(0).value())
                .getMalignantProbability();
    }

    @Test
    void shouldScoreEligibleDeadLetterGarbageAndSkipIneligible() {
        RadiographDeidentified eligible = BatchScorerTest.event(golden, "I1");
        RadiographDeidentified ineligible = RadiographDeidentified.newBuilder(eligible)
                .setEligible(false)
                .setIneligibleReason("CT slice")
                .build();
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        List<Incoming> batch = List.of(
                Incoming.decode(record(10, "STUDY", encode(eligible))),
                Incoming.decode(record(11, "STUDY", encode(ineligible))),
                Incoming.decode(record(12, "junk-key", garbage)),
                Incoming.decode(record(13, "STUDY", encode(eligible))),
                Incoming.decode(record(14, "STUDY", encode(eligible))));

        List<ProducerRecord<byte[], byte[]>> out = transformer.transform(batch);

        List<ProducerRecord<byte[], byte[]>> scored = out.stream()
                .filter(r -> r.topic().equals(Topics.RADIOGRAPH_SCORED.name()))
                .toList();
        List<ProducerRecord<byte[], byte[]>> dead = out.stream()
                .filter(r -> r.topic().equals(Topics.DEAD_LETTER.name()))
                .toList();
        assertThat(out).hasSize(4);
        assertThat(scored).hasSize(3);
        RadiographScored first = Topics.RADIOGRAPH_SCORED
                .valueSerde()
                .deserializer()
                .deserialize("t", scored.get(0).value());
        assertThat(new String(scored.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("STUDY");
        assertThat(first.getModelVersion()).isEqualTo(model.descriptor().version());
        // max-batch 2: three eligible records run as a batch of two and a batch of one.
        assertThat(scored.stream()
                        .map(r -> Topics.RADIOGRAPH_SCORED
                                .valueSerde()
                                .deserializer()
                                .deserialize("t", r.value())
                                .getBatchSize())
                        .toList())
                .containsExactly(2, 2, 1);
        assertThat(dead).hasSize(1);
        DeadLetter letter = Topics.DEAD_LETTER
                .valueSerde()
                .deserializer()
                .deserialize("t", dead.get(0).value());
        assertThat(letter.getStage()).isEqualTo("score");
        assertThat(letter.getErrorType()).isEqualTo(ErrorTypes.UNDECODABLE_RECORD);
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.RADIOGRAPH_DEIDENTIFIED.name());
        assertThat(letter.getSourceOffset()).isEqualTo(12L);
        assertThat(letter.getReason()).contains("not a RadiographDeidentified record");
        assertThat(letter.getPayload().array()).isEqualTo(garbage);
        assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("junk-key");
    }

    @Test
    void shouldCommitTheNextOffsetOfEveryPartitionInTheBatch() {
        List<Incoming> batch = List.of(
                Incoming.decode(record(3, "k", new byte[] {1})),
                Incoming.decode(new ConsumerRecord<>(Topics.RADIOGRAPH_DEIDENTIFIED.name(), 1, 7, "k", new byte[] {1})),
                Incoming.decode(record(4, "k", new byte[] {1})));
        var offsets = TransactionalLoop.nextOffsets(batch);
        assertThat(offsets).hasSize(2);
        assertThat(offsets.values().stream().map(o -> o.offset()).sorted().toList())
                .containsExactly(5L, 8L);
    }
}
