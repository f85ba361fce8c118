package org.osteon.scoring.pipeline;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;
import org.osteon.events.DeadLetter;
import org.osteon.events.RadiographDeidentified;
import org.osteon.schemas.DeadLetters;
import org.osteon.schemas.topic.Topic;
import org.osteon.schemas.topic.Topics;
import org.osteon.scoring.inference.OnnxModel;
import org.osteon.scoring.lifecycle.ModelSlot;
import org.osteon.scoring.lifecycle.Models;
import org.osteon.scoring.postprocess.ModelRole;

/**
 * The "transform" of consume-transform-produce, without Kafka I/O: decoded records in, the records to
 * produce out. Ineligible events produce nothing (gating reports them); every other record yields
 * exactly one primary output, a score or a dead letter, and, with a shadow model, at most one shadow
 * score. Reading and preprocessing run on the preparation pool, a chunk of the batch per thread;
 * inference runs on an inference worker, one batch per worker at a time, and the CAM files, events and
 * records after it back on the pool, so the worker goes on to its next batch meanwhile. With
 * several workers, batches are scored concurrently (each on its own lease of the model) and the loop
 * still commits them in poll order.
 */
public final class RecordTransformer implements BatchPipeline {

    private static final Logger LOG = Logger.getLogger(RecordTransformer.class);

    /** The stage named in scoring's dead letters. */
    static final String STAGE = "score";

    private final Models models;
    private final Executor pool;
    private final int poolThreads;
    private final Executor inference;
    private final int workers;
    private final int maxBatch;
    private final Clock clock;
    private final boolean writeCam;
    private final StageTimings timings;
    private final Path researchRoot;
    /** Each worker's scorer (it reuses its input buffers), replaced when a swap installs a new model. */
    private final ThreadLocal<BatchScorer> primaryScorer = new ThreadLocal<>();

    private final ThreadLocal<BatchScorer> shadowScorer = new ThreadLocal<>();

    /**
     * @param pool        reads and preprocesses images, then writes CAM files and makes the events, one chunk of
     *                    a batch per thread
     * @param poolThreads the threads of {@code pool}
     * @param inference   runs each batch's inference
     * @param workers     the threads of {@code inference}: how many batches are on ONNX Runtime at once
     * @param researchRoot the research store ({@code osteon.store.research-root}): objects are read only below it
     */
    public RecordTransformer(
            Models models,
            Executor pool,
            int poolThreads,
            Executor inference,
            int workers,
            int maxBatch,
            Clock clock,
            boolean writeCam,
            StageTimings timings,
            Path researchRoot) {
        this.researchRoot = researchRoot;
        this.models = models;
        this.pool = pool;
        this.poolThreads = poolThreads;
        this.inference = inference;
        this.workers = workers;
        this.maxBatch = maxBatch;
        this.clock = clock;
        this.writeCam = writeCam;
        this.timings = timings;
    }

    /** Prepare and finish on the calling thread (pool permitting): the whole transform at once. */
    public List<ProducerRecord<byte[], byte[]>> transform(List<Incoming> batch) {
        return prepare(batch).join().run();
    }

    @Override
    public int parallelism() {
        return workers;
    }

    @Override
    public CompletableFuture<Finish> prepare(List<Incoming> batch) {
        List<Incoming> eligible = batch.stream().filter(Incoming::eligible).toList();
        List<RadiographDeidentified> events =
                eligible.stream().map(Incoming::event).toList();
        // Prepared for the model active now; finish() re-prepares in the rare case a swap changed the spec.
        ImagePreparer forPrimary = new ImagePreparer(models.primary().active().descriptor(), researchRoot);
        Optional<ImagePreparer> forShadow = models.shadow()
                .map(s -> new ImagePreparer(s.active().descriptor(), researchRoot))
                .filter(p -> !p.compatibleWith(forPrimary));
        CompletableFuture<List<PreparedImage>> primary = Chunks.map(events, poolThreads, forPrimary::prepare, pool);
        CompletableFuture<List<PreparedImage>> shadow = forShadow
                .map(p -> Chunks.map(events, poolThreads, p::prepare, pool))
                .orElse(CompletableFuture.completedFuture(List.of()));
        // The worker runs the inferences and is free again; the CAM files, events and serialised records
        // are made on the pool, and the batch is done when they are.
        return CompletableFuture.allOf(primary, shadow)
                .thenComposeAsync(
                        done -> finish(
                                batch,
                                events,
                                new Prepared(forPrimary, primary.join()),
                                forShadow.map(p -> new Prepared(p, shadow.join()))),
                        inference)
                .thenApply(out -> () -> out);
    }

    private record Prepared(ImagePreparer preparer, List<PreparedImage> images) {}

    private CompletableFuture<List<ProducerRecord<byte[], byte[]>>> finish(
            List<Incoming> batch,
            List<RadiographDeidentified> events,
            Prepared primaryPrepared,
            Optional<Prepared> shadowPrepared) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        List<Incoming> eligible = new ArrayList<>();
        for (Incoming in : batch) {
            if (in.decodeError() != null) {
                out.add(deadLetter(in, ErrorTypes.UNDECODABLE_RECORD, in.decodeError(), null));
            } else if (in.eligible()) {
                eligible.add(in);
            }
        }
        if (eligible.isEmpty()) {
            return CompletableFuture.completedFuture(out);
        }
        for (PreparedImage p : primaryPrepared.images()) {
            timings.add(StageTimings.DECODE, p.decodeMillis());
            timings.add(StageTimings.PREPROCESS, p.preprocessMillis());
        }
        CompletableFuture<List<Outcome>> primary;
        try (ModelSlot.Lease lease = models.primary().lease()) {
            BatchScorer scorer = scorerFor(lease, models.primary().role(), primaryScorer);
            primary = scorer.scoreAll(events, imagesFor(scorer, events, primaryPrepared, Optional.empty()), maxBatch);
        }
        CompletableFuture<List<ProducerRecord<byte[], byte[]>>> shadow = models.shadow()
                .map(slot -> shadow(slot, events, primaryPrepared, shadowPrepared))
                .orElse(CompletableFuture.completedFuture(List.of()));
        return primary.thenCombine(shadow, (outcomes, shadowOut) -> {
            for (int i = 0; i < eligible.size(); i++) {
                Incoming in = eligible.get(i);
                if (outcomes.get(i) instanceof Outcome.Scored s) {
                    out.add(record(Topics.RADIOGRAPH_SCORED, s.event().getStudyKey(), s.event(), in));
                } else if (outcomes.get(i) instanceof Outcome.Failed f) {
                    out.add(deadLetter(in, f.errorType(), f.reason(), in.event().getObjectUri()));
                }
            }
            out.addAll(shadowOut);
            return out;
        });
    }

    /**
     * Shadow scores ride in the same transaction as the primary ones, so they too are exactly-once, but
     * a shadow failure only logs: it never dead-letters a record or holds back a primary score.
     */
    private CompletableFuture<List<ProducerRecord<byte[], byte[]>>> shadow(
            ModelSlot slot,
            List<RadiographDeidentified> events,
            Prepared primaryPrepared,
            Optional<Prepared> shadowPrepared) {
        CompletableFuture<List<Outcome>> outcomes;
        try (ModelSlot.Lease lease = slot.lease()) {
            BatchScorer scorer = scorerFor(lease, slot.role(), shadowScorer);
            outcomes = scorer.scoreAll(events, imagesFor(scorer, events, primaryPrepared, shadowPrepared), maxBatch);
        } catch (RuntimeException e) {
            outcomes = CompletableFuture.failedFuture(e);
        }
        return outcomes.thenApply(done -> {
                    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
                    for (Outcome o : done) {
                        if (o instanceof Outcome.Scored s) {
                            out.add(record(
                                    Topics.RADIOGRAPH_SCORED_SHADOW, s.event().getStudyKey(), s.event()));
                        } else if (o instanceof Outcome.Failed f) {
                            LOG.debugf("shadow model could not score an image: %s: %s", f.errorType(), f.reason());
                        }
                    }
                    return out;
                })
                .exceptionally(e -> {
                    LOG.warnf(
                            "shadow model failed on a batch of %d; primary scores unaffected: %s",
                            events.size(), e.toString());
                    return List.of();
                });
    }

    /** This worker's scorer of the leased model, made anew after a swap. */
    private BatchScorer scorerFor(ModelSlot.Lease lease, ModelRole role, ThreadLocal<BatchScorer> mine) {
        OnnxModel model = lease.model();
        BatchScorer current = mine.get();
        if (current != null && current.model() == model) {
            return current;
        }
        BatchScorer fresh = new BatchScorer(model, clock, role, writeCam, timings, pool, poolThreads, researchRoot);
        mine.set(fresh);
        return fresh;
    }

    /** Tensors prepared for a compatible spec are reused; otherwise the images are prepared again here. */
    private static List<PreparedImage> imagesFor(
            BatchScorer scorer, List<RadiographDeidentified> events, Prepared first, Optional<Prepared> second) {
        if (scorer.preparer().compatibleWith(first.preparer())) {
            return first.images();
        }
        if (second.isPresent() && scorer.preparer().compatibleWith(second.get().preparer())) {
            return second.get().images();
        }
        return events.stream().map(scorer.preparer()::prepare).toList();
    }

    private ProducerRecord<byte[], byte[]> deadLetter(Incoming in, String type, String reason, String uri) {
        LOG.warnf(
                "dead letter for %s-%d@%d: %s: %s",
                in.record().topic(), in.record().partition(), in.record().offset(), type, reason);
        DeadLetter letter = DeadLetters.forRecord(STAGE, in.record(), type, reason, clock.instant())
                .setObjectUri(uri)
                .build();
        return record(Topics.DEAD_LETTER, in.record().key(), letter, in);
    }

    /** Serialises with the registry's serdes, so every output topic shares one byte-level producer. */
    private static <V> ProducerRecord<byte[], byte[]> record(Topic<String, V> topic, String key, V value) {
        byte[] k = key == null ? null : topic.keySerde().serializer().serialize(topic.name(), key);
        byte[] v = topic.valueSerde().serializer().serialize(topic.name(), value);
        return new ProducerRecord<>(topic.name(), k, v);
    }

    /**
     * Like {@link #record(Topic, String, Object)}, carrying the input's headers: its trace context, which
     * the loop replaces with the image's scoring span when the batch commits.
     */
    private static <V> ProducerRecord<byte[], byte[]> record(
            Topic<String, V> topic, String key, V value, Incoming from) {
        ProducerRecord<byte[], byte[]> plain = record(topic, key, value);
        return new ProducerRecord<>(
                plain.topic(),
                null,
                plain.key(),
                plain.value(),
                new RecordHeaders(from.record().headers().toArray()));
    }
}
