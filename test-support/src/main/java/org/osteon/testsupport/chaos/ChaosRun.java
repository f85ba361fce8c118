package org.osteon.testsupport.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.osteon.events.RadiographReceived;
import org.osteon.events.WorklistAlert;
import org.osteon.events.WorklistPriorityChanged;
import org.osteon.schemas.key.PseudonymKeys;
import org.osteon.schemas.key.Pseudonymizer;
import org.osteon.schemas.topic.Topics;

/**
 * {@code ./osteon chaos}: a sustained load of new studies through the whole system, every component a
 * process of its own on loopback, while each in turn (gateway, streams app, scoring, worklist adapter,
 * broker) is killed with SIGKILL and started again. Then, from the worklist database and the
 * topics: every image the gateway acknowledged has exactly one worklist outcome, and no alert or
 * write-back happened twice. Prints one JSON line; exits 1 if anything was lost or duplicated.
 *
 * <pre>./osteon chaos [--studies 1000] [--rate 5] [--senders 2] [--work .osteon/chaos]</pre>
 */
public final class ChaosRun {

    /** Fixed loopback ports of their own, so that a chaos run never meets a running demo. */
    static final int BROKER = 29092;

    static final int CONTROLLER = 29093;
    static final int DICOM = 21112;
    static final int WORKLIST_HTTP = 28080;
    static final int STREAMS_HTTP = 28081;
    static final int SCORING_HTTP = 28082;
    static final int GATEWAY_HTTP = 28083;
    /** Health and metrics of the gateway and the streams app: their management interfaces, apart from ingest. */
    static final int GATEWAY_MANAGEMENT = 28084;

    static final int STREAMS_MANAGEMENT = 28085;
    static final int DATABASE = 25432;
    static final int HL7_SINK = 22575;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration DRAIN_STALL = Duration.ofSeconds(120);
    private static final String KEY_ID = "chaos";

    private ChaosRun() {}

    record Fault(String component, long downMillis, long resumedMillis) {}

    public static void main(String... args) throws Exception {
        Map<String, String> options =
                options("./osteon chaos [--studies N] [--rate PER_SECOND] [--senders N] [--work DIR]", args);
        int studies = Integer.parseInt(options.getOrDefault("studies", "1000"));
        int senders = Integer.parseInt(options.getOrDefault("senders", "2"));
        double rate = Double.parseDouble(options.getOrDefault("rate", "5"));
        Path root = Path.of(System.getenv().getOrDefault("OSTEON_ROOT", ".")).toAbsolutePath();
        Path work = root.resolve(options.getOrDefault("work", ".osteon/chaos")).toAbsolutePath();
        if (studies < 12) {
            throw new IllegalArgumentException("--studies must be at least 12: six slices, five faults");
        }
        prepare(work);
        String secret = java.util.Base64.getEncoder().encodeToString(java.security.SecureRandom.getSeed(48));

        log("writing %d studies", studies);
        List<String[]> manifest = makeStudies(root, studies, work.resolve("studies"));
        Stack stack = new Stack(root, work, secret);
        long started = System.nanoTime();
        int exit;
        try {
            stack.startAll();
            exit = run(stack, manifest, senders, rate, secret, started);
        } finally {
            stack.stopAll();
        }
        System.exit(exit);
    }

    private static int run(Stack stack, List<String[]> manifest, int senders, double rate, String secret, long started)
            throws Exception {
        Outcomes outcomes = new Outcomes(stack.jdbcUrl(), "127.0.0.1:" + BROKER);
        List<Path> files = manifest.stream().map(m -> Path.of(m[0])).toList();
        List<List<Path>> slices = slices(files, 6);
        List<Component> faults = List.of(stack.gateway, stack.streams, stack.scoring, stack.worklist, stack.broker);
        List<Fault> recovered = new ArrayList<>();
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (StudySender sender = new StudySender(DICOM, "OSTEON", senders)) {
            long sendDeadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            log("sending slice 1 of 6 (%d studies) with no fault", slices.get(0).size());
            sender.sendAll(slices.get(0), rate, sendDeadline);
            for (int i = 0; i < faults.size(); i++) {
                List<Path> slice = slices.get(i + 1);
                Future<?> sending = background.submit(() -> {
                    sender.sendAll(slice, rate, sendDeadline);
                    return null;
                });
                // A third into the slice: images are in every stage when the fault strikes, and more keep coming.
                Thread.sleep((long) (slice.size() / rate * 1000 / 3));
                recovered.add(fault(faults.get(i), outcomes));
                sending.get();
                log("slice %d of 6 acknowledged (%d studies)", i + 2, slice.size());
            }
            log(
                    "all %d studies acknowledged after %d attempts; waiting for their outcomes",
                    sender.acknowledged(), sender.attempts());
            awaitOutcomes(outcomes, files.size());
            awaitWritebacks(outcomes);
            Verdict verdict = verdict(outcomes, manifest, secret, sender, recovered, started);
            System.out.println(verdict.json());
            return verdict.clean() ? 0 : 1;
        } finally {
            background.shutdownNow();
        }
    }

    /** Kills one component with SIGKILL, starts it again, and times its return and the pipeline's. */
    private static Fault fault(Component component, Outcomes outcomes) throws Exception {
        log("fault: SIGKILL %s", component.name());
        long killed = System.nanoTime();
        component.kill();
        component.start();
        component.awaitReady(START_TIMEOUT);
        long ready = System.nanoTime();
        int atReady = outcomes.instancesWithOutcome();
        long deadline = ready + START_TIMEOUT.toNanos();
        // Resumed: the first image that reaches the worklist after the component is back.
        while (outcomes.instancesWithOutcome() <= atReady && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        long resumed = System.nanoTime();
        // -1: no image reached the worklist within the timeout after the component came back.
        long resumedMillis = resumed >= deadline ? -1 : (resumed - killed) / 1_000_000;
        Fault fault = new Fault(component.name(), (ready - killed) / 1_000_000, resumedMillis);
        log(
                "%s back after %d ms; outcomes flowing again after %d ms",
                component.name(), fault.downMillis(), fault.resumedMillis());
        return fault;
    }

    private static void awaitOutcomes(Outcomes outcomes, int expected) throws InterruptedException {
        int last = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            int now = outcomes.instancesWithOutcome();
            if (now >= expected) {
                return;
            }
            if (now > last) {
                last = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > DRAIN_STALL.toNanos()) {
                log("no new outcome for %s; %d of %d images have one", DRAIN_STALL, now, expected);
                return;
            }
            Thread.sleep(250);
        }
    }

    private static void awaitWritebacks(Outcomes outcomes) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (outcomes.pendingWritebacks() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
    }

    /** The JSON line, and whether it found nothing lost and nothing duplicated. */
    record Verdict(String json, boolean clean) {}

    private static Verdict verdict(
            Outcomes outcomes,
            List<String[]> manifest,
            String secret,
            StudySender sender,
            List<Fault> faults,
            long started)
            throws Exception {
        Pseudonymizer pseudonymizer = new Pseudonymizer(secret, KEY_ID);
        Map<String, Integer> perInstance = outcomes.outcomesPerInstance();
        int lost = 0;
        int duplicateOutcomes = 0;
        for (String[] study : manifest) {
            int n = perInstance.getOrDefault(pseudonymizer.instanceKey(study[2]), 0);
            lost += n == 0 ? 1 : 0;
            duplicateOutcomes += Math.max(0, n - 1);
        }
        int duplicateAlerts = outcomes.duplicateAlerts();
        int duplicateWritebacks = outcomes.duplicateWritebacks();

        // The topics: one committed outcome event per image (a republished outcome keeps its event id),
        // and one alert event per alerted study and decision.
        List<WorklistPriorityChanged> changed = outcomes.committed(Topics.WORKLIST_PRIORITY_CHANGED);
        int duplicateOutcomeEvents = extra(changed.stream()
                .collect(Collectors.groupingBy(
                        WorklistPriorityChanged::getStudyKey,
                        Collectors.mapping(WorklistPriorityChanged::getEventId, Collectors.toSet()))));
        List<WorklistAlert> alerts = outcomes.committed(Topics.PHI_WORKLIST_ALERT);
        int duplicateAlertEvents = extra(alerts.stream()
                .collect(Collectors.groupingBy(
                        a -> a.getStudyKey() + "|" + a.getDecision(),
                        Collectors.mapping(WorklistAlert::getEventId, Collectors.toSet()))));
        List<RadiographReceived> received = outcomes.committed(Topics.PHI_RADIOGRAPH_RECEIVED);
        Set<String> receivedInstances =
                received.stream().map(RadiographReceived::getSopInstanceUid).collect(Collectors.toSet());
        int duplicated = duplicateOutcomes
                + duplicateAlerts
                + duplicateWritebacks
                + duplicateOutcomeEvents
                + duplicateAlertEvents;

        StringBuilder json = new StringBuilder("{");
        json.append("\"sent\": ").append(manifest.size()).append(", ");
        json.append("\"outcomes\": ").append(manifest.size() - lost).append(", ");
        json.append("\"lost\": ").append(lost).append(", ");
        json.append("\"duplicated\": ").append(duplicated).append(", ");
        json.append("\"duplicates\": {\"worklist_outcomes\": ")
                .append(duplicateOutcomes)
                .append(", \"alerts\": ")
                .append(duplicateAlerts)
                .append(", \"writebacks\": ")
                .append(duplicateWritebacks)
                .append(", \"outcome_events\": ")
                .append(duplicateOutcomeEvents)
                .append(", \"alert_events\": ")
                .append(duplicateAlertEvents)
                .append("}, ");
        json.append("\"send_attempts\": ").append(sender.attempts()).append(", ");
        json.append("\"received_events\": ").append(received.size()).append(", ");
        json.append("\"received_instances\": ").append(receivedInstances.size()).append(", ");
        json.append("\"alerts\": ").append(alerts.size()).append(", ");
        json.append("\"faults\": [")
                .append(faults.stream()
                        .map(f -> String.format(
                                Locale.ROOT,
                                "{\"component\": \"%s\", \"recovery_ms\": %d, \"outcomes_resumed_ms\": %d}",
                                f.component(),
                                f.downMillis(),
                                f.resumedMillis()))
                        .collect(Collectors.joining(", ")))
                .append("], ");
        json.append("\"elapsed_s\": ")
                .append((System.nanoTime() - started) / 1_000_000_000L)
                .append("}");
        return new Verdict(json.toString(), lost == 0 && duplicated == 0);
    }

    /** Distinct values beyond the first, summed over the keys. */
    private static int extra(Map<String, Set<String>> byKey) {
        return byKey.values().stream().mapToInt(s -> Math.max(0, s.size() - 1)).sum();
    }

    private static List<List<Path>> slices(List<Path> files, int count) {
        List<List<Path>> slices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slices.add(files.subList(i * files.size() / count, (i + 1) * files.size() / count));
        }
        return slices;
    }

    /**
     * An empty work folder with its logs folder and the two stores: every run starts from nothing, and
     * the stores exist before any service starts, as mounted volumes do (scoring refuses to start
     * without its research store).
     */
    static void prepare(Path work) throws IOException {
        deleteRecursively(work);
        Files.createDirectories(work.resolve("logs"));
        Files.createDirectories(work.resolve("phi-store"));
        Files.createDirectories(work.resolve("research-store"));
    }

    static List<String[]> makeStudies(Path root, int count, Path out) throws Exception {
        Process p = new ProcessBuilder(
                        "/usr/bin/python3",
                        root.resolve("scripts/chaos/make_studies.py").toString(),
                        root.resolve("samples/radiographs").toString(),
                        Integer.toString(count),
                        out.toString())
                .inheritIO()
                .start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("make_studies.py failed");
        }
        try (Stream<String> lines = Files.lines(out.resolve("manifest.tsv"))) {
            return lines.map(l -> l.split("\t")).toList();
        }
    }

    /** {@code --name value} pairs, as the chaos and soak commands take them. */
    static Map<String, String> options(String usage, String... args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: " + usage);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    static void log(String format, Object... args) {
        System.err.printf("osteon chaos: " + format + "%n", args);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The six processes and how each is started: the same command every time. */
    static final class Stack {
        final Component database;
        final Component broker;
        final Component gateway;
        final Component streams;
        final Component scoring;
        final Component worklist;

        Stack(Path root, Path work, String secret) {
            Path logs = work.resolve("logs");
            List<String> jvm = List.of("java", "-Xmx512m", "-XX:+UseSerialGC");
            String launcherCp =
                    root.resolve("launcher/target/classes") + ":" + root.resolve("launcher/target/lib") + "/*";
            database = new Component(
                    "database",
                    concat(jvm, "-cp", launcherCp, "org.osteon.launcher.DatabaseMain"),
                    Map.of(
                            "OSTEON_EMBEDDED_DB_DIR",
                            work.resolve("pg").toString(),
                            "OSTEON_EMBEDDED_DB_PORT",
                            Integer.toString(DATABASE)),
                    logs.resolve("database.log"),
                    null,
                    DATABASE);
            broker = new Component(
                    "broker",
                    concat(jvm, "-cp", launcherCp, "org.osteon.launcher.BrokerMain"),
                    Map.of(
                            "OSTEON_EMBEDDED_KAFKA_DIR",
                            work.resolve("kafka").toString(),
                            "OSTEON_EMBEDDED_KAFKA_PORT",
                            Integer.toString(BROKER),
                            "OSTEON_EMBEDDED_KAFKA_CONTROLLER_PORT",
                            Integer.toString(CONTROLLER)),
                    logs.resolve("broker.log"),
                    null,
                    BROKER);
            // The gateway gets the broker and the PHI store only: it pseudonymizes nothing.
            Map<String, String> edge = Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS",
                    "127.0.0.1:" + BROKER,
                    "OSTEON_STORE_PHI_ROOT",
                    work.resolve("phi-store").toString());
            Map<String, String> phiZone = merge(
                    edge,
                    Map.of(
                            "OSTEON_STORE_RESEARCH_ROOT",
                            work.resolve("research-store").toString(),
                            "OSTEON_DEID_HMAC_SECRET",
                            secret,
                            "OSTEON_DEID_KEY_ID",
                            KEY_ID));
            String gatewayJar =
                    root.resolve("gateway/target/quarkus-app/quarkus-run.jar").toString();
            String streamsJar =
                    root.resolve("streams/target/quarkus-app/quarkus-run.jar").toString();
            gateway = new Component(
                    "gateway",
                    concat(jvm, "-jar", gatewayJar),
                    merge(
                            edge,
                            Map.of(
                                    "QUARKUS_HTTP_PORT",
                                    Integer.toString(GATEWAY_HTTP),
                                    "QUARKUS_MANAGEMENT_PORT",
                                    Integer.toString(GATEWAY_MANAGEMENT),
                                    "OSTEON_GATEWAY_DICOM_PORT",
                                    Integer.toString(DICOM),
                                    "OSTEON_GATEWAY_DICOM_AE_TITLE",
                                    "OSTEON",
                                    // The jar runs in %prod, where an empty allow-list refuses every association.
                                    "OSTEON_GATEWAY_DICOM_ALLOWED_CALLING_AE_TITLES",
                                    StudySender.CALLING_AE)),
                    logs.resolve("gateway.log"),
                    "http://127.0.0.1:" + GATEWAY_MANAGEMENT + "/q/health/ready",
                    GATEWAY_HTTP);
            streams = new Component(
                    "streams",
                    concat(jvm, "-jar", streamsJar),
                    merge(
                            phiZone,
                            Map.of(
                                    "QUARKUS_HTTP_PORT", Integer.toString(STREAMS_HTTP),
                                    "QUARKUS_MANAGEMENT_PORT", Integer.toString(STREAMS_MANAGEMENT),
                                    "KAFKA_STREAMS_STATE_DIR",
                                            work.resolve("streams-state").toString())),
                    logs.resolve("streams.log"),
                    "http://127.0.0.1:" + STREAMS_MANAGEMENT + "/q/health/ready",
                    STREAMS_HTTP);
            scoring = new Component(
                    "scoring",
                    concat(
                            jvm,
                            "-jar",
                            root.resolve("scoring/target/quarkus-app/quarkus-run.jar")
                                    .toString()),
                    Map.of(
                            "KAFKA_BOOTSTRAP_SERVERS",
                            "127.0.0.1:" + BROKER,
                            "QUARKUS_HTTP_PORT",
                            Integer.toString(SCORING_HTTP),
                            "OSTEON_SCORING_MODEL_DIR",
                            root.resolve("models/default").toString(),
                            "OSTEON_SCORING_INSTANCE_ID",
                            "chaos-1",
                            "OSTEON_STORE_RESEARCH_ROOT",
                            work.resolve("research-store").toString()),
                    logs.resolve("scoring.log"),
                    "http://127.0.0.1:" + SCORING_HTTP + "/q/health/ready",
                    SCORING_HTTP);
            Map<String, String> worklistEnv = new LinkedHashMap<>();
            worklistEnv.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + BROKER);
            worklistEnv.put("QUARKUS_HTTP_PORT", Integer.toString(WORKLIST_HTTP));
            worklistEnv.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl());
            worklistEnv.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
            worklistEnv.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
            // As in production, the worklist gets the study-key subkey, never the master secret.
            worklistEnv.put("OSTEON_WORKLIST_STUDY_KEY_SECRET", PseudonymKeys.studyKeySecret(secret));
            worklistEnv.put("OSTEON_DEID_KEY_ID", KEY_ID);
            worklistEnv.put("OSTEON_DEV_RIS_SINK_ENABLED", "true");
            worklistEnv.put("OSTEON_DEV_RIS_SINK_HL7_PORT", Integer.toString(HL7_SINK));
            worklistEnv.put("OSTEON_WRITEBACK_HL7_ENABLED", "true");
            worklistEnv.put("OSTEON_WRITEBACK_HL7_HOST", "127.0.0.1");
            worklistEnv.put("OSTEON_WRITEBACK_HL7_PORT", Integer.toString(HL7_SINK));
            worklist = new Component(
                    "worklist-adapter",
                    concat(
                            jvm,
                            "-jar",
                            root.resolve("worklist-adapter/target/quarkus-app/quarkus-run.jar")
                                    .toString()),
                    worklistEnv,
                    logs.resolve("worklist-adapter.log"),
                    "http://127.0.0.1:" + WORKLIST_HTTP + "/q/health/ready",
                    WORKLIST_HTTP);
        }

        String jdbcUrl() {
            return "jdbc:postgresql://127.0.0.1:" + DATABASE + "/postgres";
        }

        void startAll() throws Exception {
            log("starting the database and the broker");
            database.start();
            broker.start();
            database.awaitReady(START_TIMEOUT);
            broker.awaitReady(START_TIMEOUT);
            log("starting gateway, streams, scoring and worklist-adapter, each its own JVM");
            for (Component c : List.of(gateway, streams, scoring, worklist)) {
                c.start();
            }
            for (Component c : List.of(gateway, streams, scoring, worklist)) {
                c.awaitReady(START_TIMEOUT);
            }
            log("all six processes ready");
        }

        void stopAll() throws InterruptedException {
            for (Component c : List.of(worklist, scoring, streams, gateway, broker, database)) {
                c.stop();
            }
        }

        private static List<String> concat(List<String> head, String... tail) {
            List<String> all = new ArrayList<>(head);
            all.addAll(List.of(tail));
            return all;
        }

        private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
            Map<String, String> all = new HashMap<>(a);
            all.putAll(b);
            return all;
        }
    }
}
