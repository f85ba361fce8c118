package org.osteon.scoring.pipeline;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;
import org.osteon.events.RadiographDeidentified;
import org.osteon.platform.store.RefusedClaimCheck;
import org.osteon.scoring.inference.BatchResult;
import org.osteon.scoring.inference.OnnxModel;
import org.osteon.scoring.inference.Prediction;
import org.osteon.scoring.postprocess.ModelRole;
import org.osteon.scoring.postprocess.ScoredEventMapper;
import org.osteon.scoring.store.ResearchObjects;

/**
 * Scores prepared images of one model in one inference: copy each into its slot of one direct buffer,
 * run the model once, then write each map and build each event on the io pool. A failure is pinned to
 * the one event that caused it; its batch-mates are still scored. Inference is used from one thread
 * only (it reuses its buffers): each inference worker has its own.
 */
public final class BatchScorer {

    private static final Logger LOG = Logger.getLogger(BatchScorer.class);

    private final OnnxModel model;
    private final ImagePreparer preparer;
    private final ScoredEventMapper mapper;
    private final boolean writeCam;
    private final Clock clock;
    private final StageTimings timings;
    private final Executor io;
    private final Path researchRoot;
    private final int ioThreads;
    private FloatBuffer images;
    private FloatBuffer features;
    private int capacity;

    public BatchScorer(OnnxModel model, Clock clock, Path researchRoot) {
        this(model, clock, ModelRole.PRIMARY, false, new StageTimings(), Runnable::run, 1, researchRoot);
    }

    /**
     * @param io        where each image's CAM file and event are made, a chunk per thread in parallel, after
     *                  the inference and without holding its thread
     * @param ioThreads the threads of {@code io}
     * @param researchRoot the research store: objects are read, and maps written, only below it
     */
    public BatchScorer(
            OnnxModel model,
            Clock clock,
            ModelRole role,
            boolean writeCam,
            StageTimings timings,
            Executor io,
            int ioThreads,
            Path researchRoot) {
        this.researchRoot = researchRoot;
        this.io = io;
        this.ioThreads = ioThreads;
        this.model = model;
        this.preparer = new ImagePreparer(model.descriptor(), researchRoot);
        this.mapper = new ScoredEventMapper(model.descriptor(), model.executionProvider(), role);
        this.writeCam = writeCam;
        this.clock = clock;
        this.timings = timings;
    }

    OnnxModel model() {
        return model;
    }

    ImagePreparer preparer() {
        return preparer;
    }

    /** Reads, preprocesses and scores, all on the calling thread: one outcome per event, in order. */
    public List<Outcome> score(List<RadiographDeidentified> events) {
        return score(events, events.stream().map(preparer::prepare).toList());
    }

    /** Scores images another thread prepared with a preparer {@link ImagePreparer#compatibleWith} this one's. */
    List<Outcome> score(List<RadiographDeidentified> events, List<PreparedImage> prepared) {
        return scoreAsync(events, prepared).join();
    }

    /**
     * Runs the inference on the calling thread and returns once it is done, with the post-processing
     * (each image's CAM file and event) under way on {@code io}, so the inference worker goes on to its
     * next batch while the pool writes them rather than leaving its core idle meanwhile.
     */
    CompletableFuture<List<Outcome>> scoreAsync(List<RadiographDeidentified> events, List<PreparedImage> prepared) {
        Outcome[] outcomes = new Outcome[events.size()];
        List<Integer> ok = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (prepared.get(i).ok()) {
                ok.add(i);
            } else {
                outcomes[i] = prepared.get(i).failure();
            }
        }
        CompletableFuture<Void> scored =
                ok.isEmpty() ? CompletableFuture.completedFuture(null) : infer(events, prepared, ok, outcomes);
        return scored.thenApply(done -> Arrays.asList(outcomes));
    }

    private CompletableFuture<Void> infer(
            List<RadiographDeidentified> events, List<PreparedImage> prepared, List<Integer> ok, Outcome[] outcomes) {
        int n = ok.size();
        ensureCapacity(n);
        int floats = preparer.preprocessor().floatsPerImage();
        for (int slot = 0; slot < n; slot++) {
            PreparedImage p = prepared.get(ok.get(slot));
            images.put(slot * floats, p.image());
            if (features != null) {
                features.put(slot * p.clinical().length, p.clinical());
            }
        }
        BatchResult result;
        try {
            result = model.run(images, n, Optional.ofNullable(features));
        } catch (Exception e) {
            if (n == 1) {
                outcomes[ok.get(0)] = new Outcome.Failed(ErrorTypes.INFERENCE_FAILED, "inference failed: " + e);
                return CompletableFuture.completedFuture(null);
            }
            // Find the culprit: score each image alone so one bad input cannot fail its batch-mates.
            LOG.warnf("batch inference of %d images failed (%s); scoring them one by one", n, e.toString());
            List<CompletableFuture<Void>> alone = new ArrayList<>();
            for (int i : ok) {
                alone.add(scoreAsync(List.of(events.get(i)), List.of(prepared.get(i)))
                        .thenAccept(outcome -> outcomes[i] = outcome.get(0)));
            }
            return CompletableFuture.allOf(alone.toArray(CompletableFuture[]::new));
        }
        timings.add(StageTimings.INFER, result.millis());
        timings.countImages(n);
        // The predictions are copies of ORT's outputs, so the worker may reuse its input buffers at once.
        List<Integer> slots = IntStream.range(0, n).boxed().toList();
        return Chunks.map(
                        slots,
                        ioThreads,
                        slot -> postprocess(
                                events.get(ok.get(slot)),
                                prepared.get(ok.get(slot)),
                                result.predictions().get(slot),
                                result.millisPerImage(),
                                n),
                        io)
                .thenAccept(done -> {
                    for (int slot = 0; slot < n; slot++) {
                        outcomes[ok.get(slot)] = done.get(slot);
                    }
                });
    }

    /** One image's outputs into its event; a failure here is pinned to that image, like any other. */
    private Outcome postprocess(
            RadiographDeidentified event,
            PreparedImage prepared,
            Prediction prediction,
            double inferMillis,
            int batchSize) {
        try {
            return scored(event, prepared, prediction, inferMillis, batchSize);
        } catch (RuntimeException e) {
            return new Outcome.Failed(
                    ErrorTypes.POSTPROCESSING_FAILED,
                    "post-processing the model's outputs for " + event.getObjectUri() + " failed: " + e);
        }
    }

    private Outcome scored(
            RadiographDeidentified event,
            PreparedImage prepared,
            Prediction prediction,
            double inferMillis,
            int batchSize) {
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put(StageTimings.DECODE, prepared.decodeMillis());
        stages.put(StageTimings.PREPROCESS, prepared.preprocessMillis());
        stages.put(StageTimings.INFER, inferMillis);
        String camUri = null;
        if (writeCam) {
            long start = System.nanoTime();
            try {
                camUri = ResearchObjects.writeCam(
                                researchRoot,
                                event.getObjectUri(),
                                model.descriptor().name(),
                                model.descriptor().version(),
                                prediction.cam())
                        .toString();
            } catch (IOException | RefusedClaimCheck | RuntimeException e) {
                // The score stands without its map; the event says so with a null camUri.
                LOG.warnf("cannot write the class-activation map beside %s: %s", event.getObjectUri(), e.toString());
            }
            double millis = (System.nanoTime() - start) / 1e6;
            stages.put(StageTimings.CAM, millis);
            timings.add(StageTimings.CAM, millis);
        }
        return new Outcome.Scored(mapper.map(event, prediction, stages, batchSize, clock.instant(), camUri));
    }

    /** One direct native-order buffer per input, grown on demand and reused: ORT reads it without a copy. */
    private void ensureCapacity(int n) {
        if (n <= capacity) {
            return;
        }
        capacity = Math.max(n, 2 * capacity);
        images = preparer.preprocessor().allocateBatch(capacity);
        features = preparer.clinical().map(c -> c.allocateBatch(capacity)).orElse(null);
    }

    /** Scores in batches of at most {@code maxBatch}, inference on the calling thread, one after another. */
    CompletableFuture<List<Outcome>> scoreAll(
            List<RadiographDeidentified> events, List<PreparedImage> prepared, int maxBatch) {
        List<CompletableFuture<List<Outcome>>> parts = new ArrayList<>();
        for (int from = 0; from < events.size(); from += maxBatch) {
            int to = Math.min(events.size(), from + maxBatch);
            parts.add(scoreAsync(events.subList(from, to), prepared.subList(from, to)));
        }
        return Chunks.concat(parts);
    }
}
