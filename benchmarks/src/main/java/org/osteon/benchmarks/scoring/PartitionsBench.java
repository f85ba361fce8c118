package org.osteon.benchmarks.scoring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.osteon.events.RadiographDeidentified;
import org.osteon.schemas.topic.Topics;
import org.osteon.scoring.TestEvents;
import org.osteon.scoring.TestModels;
import org.osteon.scoring.it.TopicIo;
import org.osteon.testsupport.InJvmKafka;

/**
 * {@code ./osteon bench partitions}: how consume-process-produce throughput scales with the partitions
 * of the input topic (P) and the instances in its consumer group (C), on an in-JVM broker (random ports).
 * For each P one broker; for each C a fresh group of C instances, each with its own consumer and
 * transactional producer as a pod has. Two paths:
 *
 * <ul>
 *   <li>{@code scoring}: the real scoring service ({@code ScoringRuntime}: DICOM read, preprocessing,
 *       ONNX Runtime on the default model, CAM files, transactional produce), one ORT session each;</li>
 *   <li>{@code pass-through}: the same transactional loop re-encoding each Avro event and sending it on,
 *       which shows what Kafka and the exactly-once loop alone allow on this machine.</li>
 * </ul>
 *
 * <p>Each cell: the group joins (stable with C members) on an idle topic, then N events are loaded and
 * the clock runs from the end of the load to the last committed offset; records committed while the
 * load was still going are subtracted ({@code during_load}), so the figure is the rate at which C
 * instances drain a backlog. The broker, the producers and every instance share this machine's cores,
 * so the figures are a lower bound for a cluster where the brokers have their own machines.
 *
 * <p>Arguments ({@code --name value}):
 * {@code --partitions 1,2,4,8} and {@code --instances 1,2,4} (the matrix);
 * {@code --paths scoring,pass-through} (which paths to run);
 * {@code --images N} events per scoring cell (default 2000);
 * {@code --records N} events per pass-through cell (default 50000);
 * {@code --max-batch N} scoring max-batch (default 16, as values-production.yaml);
 * {@code --pass-through-batch N} pass-through records per poll and transaction (default 500, Kafka's max.poll.records);
 * {@code --threads T} ORT intra-op and preparation threads per scoring instance (default the number of
 * cores: instances share the cores as pods without CPU limits share a node);
 * {@code --dicom-dir DIR} the DICOM objects the events point to (default the golden cases of the model);
 * {@code --objects K} distinct copies of them in the bench's object store (default 50);
 * {@code --timeout-s S} per cell before it is reported as failed (default 300);
 * {@code --warm-up true|false} one unreported C=1 cell per path first, with three cells' worth of events, so
 * no reported cell times the JIT (default true);
 * {@code --repeats R} runs of each cell, each with a fresh group; the median is reported, every run's rate
 * is in the JSON line (default 1).
 */
public final class PartitionsBench {

    static final String SCORING = "scoring";
    static final String PASS_THROUGH = "pass-through";

    public static void main(String[] args) throws Exception {
        BenchLogging.likeTheService();
        Options o = Options.parse(args);
        double loadStart = Load.oneMinute();
        List<String> uris = objectStore(o.dicomDir, o.objects);
        long objectBytes = 0;
        for (String u : uris) {
            objectBytes += Files.size(Path.of(java.net.URI.create(u)));
        }
        Map<String, List<Cell>> results = new LinkedHashMap<>();
        o.paths.forEach(path -> results.put(path, new ArrayList<>()));
        try {
            for (int row = 0; row < o.partitions.length; row++) {
                int p = o.partitions[row];
                try (InJvmKafka kafka = InJvmKafka.start()) {
                    String bootstrap = kafka.bootstrapServers();
                    InJvmKafka.createTopics(bootstrap, p);
                    createPassThroughTopics(bootstrap, p);
                    if (o.warmUp && row == 0) {
                        // The first cells would otherwise also time the JIT and the first ORT runs. Rates still
                        // creep up for several hundred thousand records (broker and clients share this JVM),
                        // hence three cells' worth of records and the alternating order below.
                        for (String path : o.paths) {
                            Cell w = new CellRun(o, bootstrap, path, p, 1, uris, "warm-up-", 3).run();
                            System.err.printf(
                                    Locale.ROOT, "%s warm-up: %.1f records/s (not reported)%n", path, w.perSecond());
                        }
                    }
                    // Instance counts run ascending in one row and descending in the next, so the slow drift
                    // of a warming JVM does not always favour the larger groups.
                    for (int c : row % 2 == 0 ? o.instances : reversed(o.instances)) {
                        for (String path : o.paths) {
                            List<Cell> runs = new ArrayList<>();
                            for (int r = 0; r < o.repeats; r++) {
                                Cell cell = new CellRun(o, bootstrap, path, p, c, uris, "r" + r + "-", 1).run();
                                runs.add(cell);
                                System.err.printf(
                                        Locale.ROOT,
                                        "%s P=%d C=%d: %.1f records/s (%d of %d instances had records; %d of %d"
                                                + " committed during the load; load avg %.2f)%n",
                                        path,
                                        p,
                                        c,
                                        cell.perSecond(),
                                        cell.active(),
                                        c,
                                        cell.duringLoad(),
                                        cell.records(),
                                        cell.load1m());
                            }
                            results.get(path).add(Cell.median(runs));
                        }
                    }
                }
            }
        } finally {
            deleteStore(uris);
        }
        results.forEach((path, cells) -> System.err.print(Report.table(path, cells, o.partitions, o.instances)));
        System.out.println(Report.json(o, results, objectBytes / uris.size(), loadStart, Load.oneMinute()));
        // Kafka's client threads can outlive their close by a moment; the figures are out.
        System.exit(0);
    }

    static final String PASS_THROUGH_IN = "bench-pass-through-in";
    static final String PASS_THROUGH_OUT = "bench-pass-through-out";

    private static void createPassThroughTopics(String bootstrap, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(
                            new NewTopic(PASS_THROUGH_IN, partitions, (short) 1),
                            new NewTopic(PASS_THROUGH_OUT, partitions, (short) 1)))
                    .all()
                    .get();
            awaitPartitions(admin, List.of(Topics.RADIOGRAPH_DEIDENTIFIED.name(), PASS_THROUGH_IN), partitions);
        }
    }

    /**
     * A created topic reaches the broker's metadata a moment later; until then listing its offsets fails.
     * Waits until every partition of the input topics answers, so the first cell does not race it.
     */
    private static void awaitPartitions(Admin admin, List<String> topics, int partitions) throws Exception {
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> all =
                new LinkedHashMap<>();
        for (String t : topics) {
            for (int p = 0; p < partitions; p++) {
                all.put(
                        new org.apache.kafka.common.TopicPartition(t, p),
                        org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                admin.listOffsets(all).all().get();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static int[] reversed(int[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[values.length - 1 - i];
        }
        return out;
    }

    /** Distinct files, as a real store holds, so no object is served from one hot cache line. */
    private static List<String> objectStore(Path dicomDir, int objects) throws Exception {
        List<Path> sources;
        try (Stream<Path> files = Files.list(dicomDir)) {
            sources = files.filter(f -> f.toString().endsWith(".dcm")).sorted().toList();
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no .dcm files in " + dicomDir);
        }
        Path store = Files.createTempDirectory("osteon-bench-partitions");
        List<String> uris = new ArrayList<>();
        for (int i = 0; i < objects; i++) {
            uris.add(Files.copy(sources.get(i % sources.size()), store.resolve("obj-" + i + ".dcm"))
                    .toUri()
                    .toString());
        }
        return uris;
    }

    /** The temporary research store the objects were copied into: scoring resolves claim checks only below it. */
    private static Path storeRoot(List<String> uris) {
        return Path.of(java.net.URI.create(uris.get(0))).getParent();
    }

    private static void deleteStore(List<String> uris) throws Exception {
        Path store = storeRoot(uris);
        try (var files = Files.walk(store)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }

    /**
     * One measured cell: P partitions, C instances, one path. {@code runs}: records/s of every repeat,
     * in order; the other fields are those of the median run.
     */
    record Cell(
            int partitions,
            int instances,
            int records,
            long duringLoad,
            double seconds,
            double load1m,
            int active,
            Map<String, Double> stageMsPerRecord,
            List<Double> runs) {

        double perSecond() {
            return (records - duringLoad) / seconds;
        }

        /** The run with the median rate (the lower middle one for an even count), with every run's rate. */
        static Cell median(List<Cell> runs) {
            List<Cell> sorted = runs.stream()
                    .sorted(java.util.Comparator.comparingDouble(Cell::perSecond))
                    .toList();
            Cell m = sorted.get((sorted.size() - 1) / 2);
            return new Cell(
                    m.partitions,
                    m.instances,
                    m.records,
                    m.duringLoad,
                    m.seconds,
                    m.load1m,
                    m.active,
                    m.stageMsPerRecord,
                    runs.stream().map(Cell::perSecond).toList());
        }
    }

    /** Runs one cell: group start, join, load, drain. */
    private record CellRun(
            Options o,
            String bootstrap,
            String path,
            int partitions,
            int instances,
            List<String> uris,
            String prefix,
            int scale) {

        Cell run() throws Exception {
            String name = prefix + path + "-p" + partitions + "-c" + instances;
            String topic = path.equals(SCORING) ? Topics.RADIOGRAPH_DEIDENTIFIED.name() : PASS_THROUGH_IN;
            int records = scale * (path.equals(SCORING) ? o.images : o.records);
            List<BenchInstance> members = new ArrayList<>();
            try (GroupProgress progress = new GroupProgress(bootstrap, "bench-" + name, topic)) {
                progress.startAtEnd(partitions);
                for (int i = 0; i < instances; i++) {
                    members.add(
                            path.equals(SCORING)
                                    ? new ScoringInstance(
                                            bootstrap,
                                            "bench-" + name,
                                            "bench-" + name,
                                            "i" + i,
                                            TestModels.defaultModelDir(),
                                            storeRoot(uris),
                                            o.maxBatch,
                                            o.threads)
                                    : new PassThroughInstance(
                                            bootstrap,
                                            "bench-" + name,
                                            "bench-" + name + "-i" + i,
                                            PASS_THROUGH_IN,
                                            PASS_THROUGH_OUT,
                                            o.passThroughBatch));
                }
                List<ProducerRecord<byte[], byte[]>> events = events(topic, records);
                long deadline = System.nanoTime() + o.timeoutSeconds * 1_000_000_000L;
                while (!progress.stableWith(instances)) {
                    check(members, deadline, "joining");
                    Thread.sleep(20);
                }
                load(events);
                long loaded = System.nanoTime();
                long duringLoad = progress.committed();
                while (progress.committed() < records) {
                    check(members, deadline, "draining");
                    Thread.sleep(20);
                }
                double seconds = (System.nanoTime() - loaded) / 1e9;
                Map<String, Double> stages = new LinkedHashMap<>();
                int active = 0;
                for (BenchInstance m : members) {
                    m.stageMillis().forEach((stage, ms) -> stages.merge(stage, ms / records, Double::sum));
                    active += m.processed() > 0 ? 1 : 0;
                }
                return new Cell(
                        partitions,
                        instances,
                        records,
                        duringLoad,
                        seconds,
                        Load.oneMinute(),
                        active,
                        stages,
                        List.of());
            } finally {
                for (BenchInstance m : members) {
                    m.close();
                }
            }
        }

        /** The events, encoded before the clock, so the load itself is only sends. */
        private List<ProducerRecord<byte[], byte[]>> events(String topic, int records) {
            List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(records);
            for (int i = 0; i < records; i++) {
                // A study key per event, so events spread over the partitions as studies do.
                RadiographDeidentified e = RadiographDeidentified.newBuilder(
                                TestEvents.deidentified(uris.get(i % uris.size()), "BENCH-" + i))
                        .setStudyKey("S" + i)
                        .build();
                ProducerRecord<byte[], byte[]> r = TopicIo.deidentified(e);
                out.add(new ProducerRecord<>(topic, r.key(), r.value()));
            }
            return out;
        }

        private void load(List<ProducerRecord<byte[], byte[]>> events) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            // Large batches: the load should take as little of the machine's time as it can.
            p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                events.forEach(producer::send);
                producer.flush();
            }
        }

        private static void check(List<BenchInstance> members, long deadline, String phase) {
            for (BenchInstance m : members) {
                if (!m.loop().isRunning()) {
                    throw new IllegalStateException("an instance stopped while " + phase + ": "
                            + m.loop().failure());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cell timed out while " + phase + " (--timeout-s)");
            }
        }
    }

    /** The command line, every option with its default (see the class comment). */
    static final class Options {
        int[] partitions = {1, 2, 4, 8};
        int[] instances = {1, 2, 4};
        List<String> paths = List.of(SCORING, PASS_THROUGH);
        int images = 2000;
        int records = 50_000;
        int maxBatch = 16;
        int passThroughBatch = 500;
        int threads = Runtime.getRuntime().availableProcessors();
        Path dicomDir = TestModels.goldenDir();
        int objects = 50;
        long timeoutSeconds = 300;
        boolean warmUp = true;
        int repeats = 1;

        static Options parse(String[] args) {
            Options o = new Options();
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException(
                        "options come as --name value pairs; see PartitionsBench's class comment");
            }
            for (int i = 0; i < args.length; i += 2) {
                String v = args[i + 1];
                switch (args[i]) {
                    case "--partitions" -> o.partitions = positives(v);
                    case "--instances" -> o.instances = positives(v);
                    case "--paths" -> o.paths = paths(v);
                    case "--images" -> o.images = positive(v);
                    case "--records" -> o.records = positive(v);
                    case "--max-batch" -> o.maxBatch = positive(v);
                    case "--pass-through-batch" -> o.passThroughBatch = positive(v);
                    case "--threads" -> o.threads = positive(v);
                    case "--dicom-dir" -> o.dicomDir = Path.of(v).toAbsolutePath();
                    case "--objects" -> o.objects = positive(v);
                    case "--timeout-s" -> o.timeoutSeconds = positive(v);
                    case "--warm-up" -> o.warmUp = Boolean.parseBoolean(v);
                    case "--repeats" -> o.repeats = positive(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return o;
        }

        private static List<String> paths(String v) {
            List<String> out = Arrays.stream(v.split(",")).map(String::trim).toList();
            for (String p : out) {
                if (!p.equals(SCORING) && !p.equals(PASS_THROUGH)) {
                    throw new IllegalArgumentException("--paths takes scoring and/or pass-through, not " + p);
                }
            }
            return out;
        }

        private static int[] positives(String v) {
            return Arrays.stream(v.split(",")).mapToInt(s -> positive(s.trim())).toArray();
        }

        private static int positive(String v) {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new IllegalArgumentException("expected a positive number, got " + v);
            }
            return n;
        }
    }

    /** The machine's 1-minute load average: other people's builds share these cores. */
    static final class Load {
        static double oneMinute() {
            try {
                return Double.parseDouble(
                        Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            } catch (Exception e) {
                return -1;
            }
        }
    }
}
