package org.osteon.scoring.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.events.RadiographDeidentified;
import org.osteon.events.RadiographScored;
import org.osteon.scoring.TestEvents;
import org.osteon.scoring.TestModels;
import org.osteon.scoring.inference.OnnxModel;
import org.osteon.scoring.inference.SessionSettings;
import org.osteon.scoring.model.GoldenCases;
import org.osteon.scoring.model.ModelDescriptor;
import org.osteon.scoring.postprocess.ModelRole;

/** Batching is an optimisation only: a batch scores each image as it would be scored alone. */
class BatchScorerTest {

    private static OnnxModel model;
    private static BatchScorer scorer;
    private static List<Path> dicoms;
    private static List<Path> originals;

    /** The research store of these tests: objects are read only below it. */
    @TempDir
    static Path store;

    @BeforeAll
    static void load() throws Exception {
        assumeTrue(TestModels.goldenPresent(), "no golden DICOMs at " + TestModels.goldenDir());
        model = OnnxModel.load(ModelDescriptor.load(TestModels.defaultModelDir()), SessionSettings.cpu(2));
        scorer = new BatchScorer(model, Clock.systemUTC(), store);
        originals = GoldenCases.load(TestModels.goldenDir()).cases().stream()
                .map(GoldenCases.Case::dicom)
                .toList();
        Path golden = Files.createDirectories(store.resolve("golden"));
        List<Path> copies = new ArrayList<>();
        for (Path original : originals) {
            copies.add(Files.copy(original, golden.resolve(copies.size() + "-" + original.getFileName())));
        }
        dicoms = copies;
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    static RadiographDeidentified event(String uri, String instance) {
        return TestEvents.deidentified(uri, instance);
    }

    @Test
    void shouldScoreEachImageOfABatchAsItWouldBeScoredAlone() {
        List<RadiographDeidentified> events = new ArrayList<>();
        for (int i = 0; i < dicoms.size(); i++) {
            events.add(event(dicoms.get(i).toUri().toString(), "I" + i));
        }
        List<Outcome> batched = scorer.score(events);
        assertThat(batched).hasSize(events.size()).allMatch(o -> o instanceof Outcome.Scored);
        for (int i = 0; i < events.size(); i++) {
            RadiographScored together = ((Outcome.Scored) batched.get(i)).event();
            RadiographScored alone =
                    ((Outcome.Scored) scorer.score(List.of(events.get(i))).get(0)).event();
            assertThat(together.getInstanceKey()).isEqualTo("I" + i);
            assertThat(together.getBatchSize()).isEqualTo(events.size());
            assertThat(alone.getBatchSize()).isEqualTo(1);
            for (int k = 0; k < alone.getProbabilities().size(); k++) {
                assertThat(together.getProbabilities().get(k))
                        .isCloseTo(alone.getProbabilities().get(k), within(1e-6));
                assertThat(together.getProbabilitySpread().get(k))
                        .isCloseTo(alone.getProbabilitySpread().get(k), within(1e-6));
            }
            assertThat(together.getUncertainty()).isCloseTo(alone.getUncertainty(), within(1e-6));
        }
    }

    @Test
    void shouldPinAFailureToItsImageAndStillScoreItsBatchMates() throws Exception {
        Path tmp = Files.createDirectories(store.resolve("pin"));
        Path notDicom = Files.writeString(tmp.resolve("notes.dcm"), "this is not DICOM");
        List<RadiographDeidentified> events = List.of(
                event(dicoms.get(0).toUri().toString(), "ok-1"),
                event(tmp.resolve("missing.dcm").toUri().toString(), "missing"),
                event(notDicom.toUri().toString(), "garbage"),
                event("s3://bucket/key.dcm", "remote"),
                event(dicoms.get(dicoms.size() - 1).toUri().toString(), "ok-2"),
                event(originals.get(0).toUri().toString(), "outside the store"),
                event(dicoms.get(0).toAbsolutePath().toString(), "bare path"));

        List<Outcome> out = scorer.score(events);

        assertThat(out.get(0))
                .isInstanceOfSatisfying(
                        Outcome.Scored.class,
                        s -> assertThat(s.event().getBatchSize())
                                .as("only readable images are batched")
                                .isEqualTo(2));
        assertThat(out.get(1))
                .isInstanceOfSatisfying(
                        Outcome.Failed.class, f -> assertThat(f.errorType()).isEqualTo(ErrorTypes.OBJECT_NOT_FOUND));
        assertThat(out.get(2))
                .isInstanceOfSatisfying(
                        Outcome.Failed.class, f -> assertThat(f.errorType()).isEqualTo(ErrorTypes.UNREADABLE_DICOM));
        assertThat(out.get(3))
                .isInstanceOfSatisfying(
                        Outcome.Failed.class,
                        f -> assertThat(f.errorType()).isEqualTo(ErrorTypes.UNSUPPORTED_OBJECT_URI));
        assertThat(out.get(4))
                .isInstanceOfSatisfying(
                        Outcome.Scored.class,
                        s -> assertThat(s.event().getInstanceKey()).isEqualTo("ok-2"));
        // A readable DICOM outside the research store is not read, and no plain path stands for a file: URI.
        assertThat(out.get(5))
                .isInstanceOfSatisfying(
                        Outcome.Failed.class,
                        f -> assertThat(f.errorType()).isEqualTo(ErrorTypes.UNSUPPORTED_OBJECT_URI));
        assertThat(out.get(6))
                .isInstanceOfSatisfying(
                        Outcome.Failed.class,
                        f -> assertThat(f.errorType()).isEqualTo(ErrorTypes.UNSUPPORTED_OBJECT_URI));
    }

    @Test
    void shouldFreeTheInferenceThreadWhileThePoolWritesTheMaps() throws Exception {
        Path tmp = Files.createDirectories(store.resolve("maps"));
        Path object = Files.copy(dicoms.get(0), tmp.resolve("object.dcm"));
        Queue<Runnable> pool = new ConcurrentLinkedQueue<>();
        BatchScorer deferred = new BatchScorer(
                model, Clock.systemUTC(), ModelRole.PRIMARY, true, new StageTimings(), pool::add, 2, store);
        List<RadiographDeidentified> events = List.of(
                event(object.toUri().toString(), "a"), event(object.toUri().toString(), "b"));

        CompletableFuture<List<Outcome>> scored = deferred.scoreAsync(
                events, events.stream().map(deferred.preparer()::prepare).toList());

        assertThat(scored)
                .as("inference returned; the maps and events wait for the pool")
                .isNotDone();
        assertThat(pool).as("one chunk per pool thread").hasSize(2);
        try (var files = Files.list(tmp)) {
            assertThat(files.toList()).containsExactly(object);
        }
        pool.forEach(Runnable::run);
        assertThat(scored).isDone();
        assertThat(scored.join())
                .hasSize(2)
                .allSatisfy(o -> assertThat(o)
                        .isInstanceOfSatisfying(
                                Outcome.Scored.class,
                                s -> assertThat(Path.of(URI.create(s.event().getCamUri())))
                                        .exists()));
    }
}
