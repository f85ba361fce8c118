package org.osteon.scoring.bench;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.osteon.events.RadiographDeidentified;
import org.osteon.schemas.topic.Topics;
import org.osteon.scoring.TestEvents;
import org.osteon.scoring.TestModels;
import org.osteon.scoring.inference.OnnxModel;
import org.osteon.scoring.inference.SessionSettings;
import org.osteon.scoring.it.TopicIo;
import org.osteon.scoring.lifecycle.ModelLoader;
import org.osteon.scoring.lifecycle.Models;
import org.osteon.scoring.model.GoldenCases;
import org.osteon.scoring.pipeline.ScoringRuntime;
import org.osteon.scoring.pipeline.TransactionalLoop;
import org.osteon.scoring.preprocess.Preprocessor;
import org.osteon.testsupport.InJvmKafka;

/**
 * {@code ./osteon bench scoring}: in one process, (1) bare ONNX Runtime throughput of the default model
 * on preprocessed tensors at each batch size, keeping the best, and (2) the whole scoring service
 * (Kafka consumer, DICOM read, preprocessing, ORT, CAM files, transactional produce) on a topic
 * preloaded with the golden DICOMs, at that batch size. Prints one JSON line. A benchmark, not a test.
 *
 * <p>{@code stage_ms_per_image}: each stage's summed milliseconds over the images. decode and preprocess
 * run on the pool, in parallel with inference, so the stages add up to more than the wall time.
 *
 * <p>Arguments: {@code --images N} (service run, default 3000), {@code --threads T} (ORT intra-op
 * threads and preparation threads, default the number of cores), {@code --seconds S} per bare batch
 * size, {@code --service-batch N} (the service's max-batch, default the best bare batch size),
 * {@code --spinning true|false} (ORT intra-op busy-waiting in both runs, default false as in the
 * service), {@code --warmup N} (records the service scores before the clock starts, default 500),
 * {@code --preprocess-threads N} (default {@code --threads}), {@code --write-cam true|false} (default
 * true, as in the service), {@code --in-flight N} (open batches, default 3, as in the service).
 */
public final class ScoringBench {

    private static final int[] BATCH_SIZES = {1, 2, 4, 8, 16, 32, 64};

    public static void main(String[] args) throws Exception {
        Map<String, String> a = args(args);
        int images = Integer.parseInt(a.getOrDefault("images", "3000"));
        int threads = Integer.parseInt(a.getOrDefault("threads", Integer.toString(Runtime.getRuntime().availableProcessors())));
        double seconds = Double.parseDouble(a.getOrDefault("seconds", "3"));
        SessionSettings cpu = SessionSettings.cpu(threads);
        // Both runs use the same session settings; --spinning true gives ORT its own default back.
        SessionSettings settings = new SessionSettings(cpu.device(), false, threads,
                Boolean.parseBoolean(a.getOrDefault("spinning", "false")), cpu.optimizationLevel(), 0,
                cpu.cudnnConvAlgoSearch(), cpu.arenaExtendStrategy(), cpu.gpuMemLimitBytes());
        List<GoldenCases.Case> cases = GoldenCases.load(TestModels.goldenDir()).cases();

        Map<Integer, Double> bare = new LinkedHashMap<>();
        int best = 1;
        try (OnnxModel model = OnnxModel.load(org.osteon.scoring.model.ModelDescriptor.load(TestModels.defaultModelDir()),
                settings)) {
            for (int b : BATCH_SIZES) {
                bare.put(b, bareThroughput(model, cases, b, seconds));
                System.err.printf(Locale.ROOT, "bare ORT batch %d: %.1f images/s%n", b, bare.get(b));
                if (bare.get(b) > bare.get(best)) {
                    best = b;
                }
            }
            int serviceBatch = Integer.parseInt(a.getOrDefault("service-batch", Integer.toString(best)));
            int prepThreads = Integer.parseInt(a.getOrDefault("preprocess-threads", Integer.toString(threads)));
            boolean writeCam = Boolean.parseBoolean(a.getOrDefault("write-cam", "true"));
            int inFlight = Integer.parseInt(a.getOrDefault("in-flight", "3"));
            int warmup = Integer.parseInt(a.getOrDefault("warmup", "500"));
            ServiceRun service = serviceThroughput(settings, cases, images, warmup, serviceBatch, prepThreads, writeCam,
                    inFlight);
            // The machine is shared: measure the ceiling again right after the service run and compare the
            // service with the mean of both, so a load change between the two runs does not pass for a ratio.
            double bareAfter = bareThroughput(model, cases, best, seconds);
            System.err.printf(Locale.ROOT, "bare ORT batch %d again: %.1f images/s%n", best, bareAfter);
            print(bare, best, bareAfter, service, serviceBatch, warmup, threads, prepThreads, settings.intraOpSpinning());
        }
    }

    private static void print(Map<Integer, Double> bare, int best, double bareAfter, ServiceRun service,
            int serviceBatch, int warmup, int threads, int prepThreads, boolean spinning) {
        double ceiling = (bare.get(best) + bareAfter) / 2;
        double ratio = service.imagesPerSecond / ceiling;
        StringBuilder json = new StringBuilder();
        json.append(String.format(Locale.ROOT, "{\"bare_ort_images_per_s\": %.1f, \"service_images_per_s\": %.1f,"
                + " \"ratio\": %.3f, \"bare_before_after\": [%.1f, %.1f], \"batch_size\": %d, \"service_max_batch\": %d,"
                + " \"images\": %d, \"warmup_images\": %d,"
                + " \"intra_op_threads\": %d, \"intra_op_spinning\": %b, \"preprocess_threads\": %d, \"cores\": %d,"
                + " \"execution_provider\": \"%s\", \"bare_by_batch\": {",
                ceiling, service.imagesPerSecond, ratio, bare.get(best), bareAfter, best, serviceBatch, service.images, warmup,
                threads, spinning, prepThreads,
                Runtime.getRuntime().availableProcessors(), service.provider));
        String sep = "";
        for (var e : bare.entrySet()) {
            json.append(String.format(Locale.ROOT, "%s\"%d\": %.1f", sep, e.getKey(), e.getValue()));
            sep = ", ";
        }
        json.append("}, \"stage_ms_per_image\": {");
        sep = "";
        for (var e : service.stageTotals.entrySet()) {
            json.append(String.format(Locale.ROOT, "%s\"%s\": %.4f", sep, e.getKey(), e.getValue() / service.images));
            sep = ", ";
        }
        json.append("}}");
        System.out.println(json);
    }

    /** Images per second of {@code session.run} alone on a batch of already preprocessed tensors. */
    private static double bareThroughput(OnnxModel model, List<GoldenCases.Case> cases, int batch, double seconds)
            throws Exception {
        Preprocessor pre = new Preprocessor(model.descriptor().preprocessing());
        FloatBuffer x = pre.allocateBatch(batch);
        for (int i = 0; i < batch; i++) {
            x.put(i * pre.floatsPerImage(), cases.get(i % cases.size()).input());
        }
        long warm = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (System.nanoTime() < warm) {
            model.run(x, batch, Optional.empty());
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long done = 0;
        while (System.nanoTime() < end) {
            model.run(x, batch, Optional.empty());
            done += batch;
        }
        return done / ((System.nanoTime() - start) / 1e9);
    }

    private record ServiceRun(double imagesPerSecond, long images, Map<String, Double> stageTotals, String provider) {
    }

    private static ServiceRun serviceThroughput(SessionSettings settings, List<GoldenCases.Case> cases, int images,
            int warmup, int batch, int threads, boolean writeCam, int inFlight) throws Exception {
        Path store = Files.createTempDirectory("osteon-bench-store");
        List<String> uris = new ArrayList<>();
        // Distinct files, as a real store would hold, so no object is served from one hot cache line.
        for (int i = 0; i < 50; i++) {
            uris.add(Files.copy(cases.get(i % cases.size()).dicom(), store.resolve("obj-" + i + ".dcm")).toUri().toString());
        }
        try (InJvmKafka kafka = InJvmKafka.start();
                Models models = Models.open(new ModelLoader(settings), TestModels.defaultModelDir(), Optional.empty())) {
            InJvmKafka.createTopics(kafka.bootstrapServers(), 1);
            try (KafkaProducer<byte[], byte[]> producer = TopicIo.producer(kafka.bootstrapServers())) {
                for (int i = 0; i < warmup + images; i++) {
                    RadiographDeidentified e = RadiographDeidentified.newBuilder(
                            TestEvents.deidentified(uris.get(i % uris.size()), "BENCH-" + i)).setStudyKey("S" + i).build();
                    producer.send(TopicIo.deidentified(e));
                }
            }
            System.err.printf(Locale.ROOT, "service: %d + %d warm-up events preloaded on %s%n", images, warmup,
                    Topics.RADIOGRAPH_DEIDENTIFIED.name());
            ScoringRuntime.Options options = new ScoringRuntime.Options(kafka.bootstrapServers(), "osteon-scoring",
                    "bench", batch, 10, inFlight, threads, writeCam, Map.of(), TransactionalLoop.NO_FAULTS);
            TopicPartition tp = new TopicPartition(Topics.RADIOGRAPH_DEIDENTIFIED.name(), 0);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
                    ScoringRuntime runtime = ScoringRuntime.start(models, options)) {
                while (!runtime.loop().hasJoinedGroup()) {
                    Thread.sleep(5);
                }
                // The clock starts once the first `warmup` records are committed: neither the group join nor
                // the JIT compiling the service's code (a fifth of a core for the first tens of seconds here)
                // is throughput, just as the bare figures are taken after their own warm-up.
                long first = waitForCommitted(admin, tp, warmup, runtime);
                long start = System.nanoTime();
                Map<String, Double> atStart = runtime.timings().totalMillis();
                long last = waitForCommitted(admin, tp, warmup + images, runtime);
                double elapsed = (System.nanoTime() - start) / 1e9;
                Map<String, Double> stages = new LinkedHashMap<>();
                runtime.timings().totalMillis().forEach((stage, ms) -> stages.put(stage, ms - atStart.get(stage)));
                return new ServiceRun((last - first) / elapsed, last - first, stages,
                        models.primary().active().executionProvider());
            }
        } finally {
            try (var files = Files.walk(store)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Polls the group's committed offset until it reaches {@code target}; returns it. */
    private static long waitForCommitted(Admin admin, TopicPartition tp, long target, ScoringRuntime runtime)
            throws Exception {
        long committed = 0;
        while (committed < target) {
            Thread.sleep(20);
            if (!runtime.loop().isRunning()) {
                throw new IllegalStateException("scoring loop stopped: " + runtime.loop().failure());
            }
            OffsetAndMetadata o = admin.listConsumerGroupOffsets(ScoringRuntime.GROUP_ID)
                    .partitionsToOffsetAndMetadata().get().get(tp);
            committed = o == null ? 0 : o.offset();
        }
        return committed;
    }

    private static Map<String, String> args(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("usage: ScoringBench [--images N] [--threads T] [--seconds S]");
            }
            out.put(args[i].substring(2), args[i + 1]);
        }
        return out;
    }
}
