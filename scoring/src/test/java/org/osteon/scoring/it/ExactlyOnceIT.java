package org.osteon.scoring.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.events.RadiographDeidentified;
import org.osteon.events.RadiographScored;
import org.osteon.schemas.topic.Topics;
import org.osteon.scoring.TestEvents;
import org.osteon.scoring.TestModels;
import org.osteon.scoring.inference.SessionSettings;
import org.osteon.scoring.lifecycle.ModelLoader;
import org.osteon.scoring.lifecycle.Models;
import org.osteon.scoring.model.GoldenCases;
import org.osteon.scoring.pipeline.ScoringRuntime;
import org.osteon.scoring.pipeline.TransactionalLoop;
import org.osteon.testsupport.InJvmKafka;

/**
 * Kill the scoring loop in the middle of a batch (its scores sent, its transaction open, nothing more
 * runs, as when a process dies) and start a new incarnation with the same transactional id: every input
 * is scored exactly once for {@code read_committed} readers, and the dead incarnation's scores are
 * provably in the log, aborted.
 */
@EnabledIf(value = "org.osteon.scoring.TestModels#goldenPresent", disabledReason = "models/default not committed yet")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ExactlyOnceIT {

    private static final int INPUTS = 24;
    private static final int CRASH_AT_BATCH = 3;

    private static InJvmKafka kafka;
    private static Models models;

    @BeforeAll
    static void start() throws Exception {
        kafka = InJvmKafka.start();
        InJvmKafka.createTopics(kafka.bootstrapServers(), 2);
        models = Models.open(new ModelLoader(SessionSettings.cpu(1)), TestModels.defaultModelDir(), Optional.empty());
    }

    @AfterAll
    static void stop() throws Exception {
        if (models != null) {
            models.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static ScoringRuntime.Options options(TransactionalLoop.BeforeCommit hook) {
        // A frozen member keeps its partitions until max.poll.interval.ms; keep that short so the test is.
        // Four open batches on two workers: finished batches share a transaction (two a commit, as in the
        // service's defaults), so the kills land in group commits too.
        return new ScoringRuntime.Options(
                kafka.bootstrapServers(),
                "osteon-scoring",
                "eos-it",
                4,
                20,
                4,
                100,
                2,
                2,
                true,
                // Each test's store is a @TempDir: below the temporary folder, the research root here.
                Path.of(System.getProperty("java.io.tmpdir")),
                Map.of(
                        ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                        8000,
                        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                        6000,
                        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                        1000),
                hook);
    }

    @Test
    void shouldScoreEveryInputExactlyOnceWhenTheLoopDiesMidBatchAndRestarts(@TempDir Path store) throws Exception {
        List<GoldenCases.Case> cases = GoldenCases.load(TestModels.goldenDir()).cases();
        List<RadiographDeidentified> inputs = new ArrayList<>();
        for (int i = 0; i < INPUTS; i++) {
            Path copy = store.resolve("img-" + i + ".dcm");
            Files.copy(cases.get(i % cases.size()).dicom(), copy);
            inputs.add(RadiographDeidentified.newBuilder(
                            TestEvents.deidentified(copy.toUri().toString(), "EOS-" + i))
                    .setStudyKey("STUDY-" + (i % 5))
                    .build());
        }
        try (KafkaProducer<byte[], byte[]> producer = TopicIo.producer(kafka.bootstrapServers())) {
            inputs.forEach(e -> producer.send(TopicIo.deidentified(e)));
        }

        CountDownLatch crashed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ScoringRuntime first = ScoringRuntime.start(models, options(batch -> {
            if (batch == CRASH_AT_BATCH) {
                crashed.countDown();
                // From here on this incarnation does nothing: no offsets, no commit, no abort, no leave.
                awaitQuietly(release);
                throw new IllegalStateException("simulated process death");
            }
        }));
        try {
            assertThat(crashed.await(120, TimeUnit.SECONDS))
                    .as("the loop reached batch " + CRASH_AT_BATCH)
                    .isTrue();
            List<ConsumerRecord<byte[], byte[]>> uncommittedView = TopicIo.read(
                    kafka.bootstrapServers(),
                    IsolationLevel.READ_UNCOMMITTED,
                    List.of(Topics.RADIOGRAPH_SCORED.name()),
                    out -> false,
                    Duration.ofSeconds(3),
                    Duration.ZERO);
            List<ConsumerRecord<byte[], byte[]>> committedView = TopicIo.read(
                    kafka.bootstrapServers(),
                    IsolationLevel.READ_COMMITTED,
                    List.of(Topics.RADIOGRAPH_SCORED.name()),
                    out -> false,
                    Duration.ofSeconds(2),
                    Duration.ZERO);
            assertThat(uncommittedView.size())
                    .as("the dying batch's scores reached the log, uncommitted")
                    .isGreaterThan(committedView.size());

            try (ScoringRuntime second = ScoringRuntime.start(models, options(TransactionalLoop.NO_FAULTS))) {
                List<RadiographScored> scored = TopicIo.read(
                                kafka.bootstrapServers(),
                                IsolationLevel.READ_COMMITTED,
                                List.of(Topics.RADIOGRAPH_SCORED.name()),
                                out -> out.size() >= INPUTS,
                                Duration.ofSeconds(150),
                                Duration.ofSeconds(3))
                        .stream()
                        .map(TopicIo::scored)
                        .toList();

                Map<String, Long> perInput = scored.stream()
                        .collect(Collectors.groupingBy(RadiographScored::getInstanceKey, Collectors.counting()));
                assertThat(perInput)
                        .as("scores per input, read_committed")
                        .hasSize(INPUTS)
                        .allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(1L));
                assertThat(perInput.keySet())
                        .containsExactlyInAnyOrderElementsOf(inputs.stream()
                                .map(RadiographDeidentified::getInstanceKey)
                                .toList());
                assertThat(scored)
                        .allSatisfy(s -> assertThat(Path.of(java.net.URI.create(s.getCamUri())))
                                .exists());
                // Preloaded inputs are micro-batched: never above max-batch, and not one at a time.
                assertThat(scored)
                        .extracting(RadiographScored::getBatchSize)
                        .allMatch(b -> b >= 1 && b <= 4)
                        .anyMatch(b -> b > 1);
                assertThat(second.loop().isRunning()).isTrue();
            }
        } finally {
            release.countDown();
            first.close();
        }
        assertThat(first.loop().isRunning())
                .as("the dead incarnation never resumed")
                .isFalse();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
