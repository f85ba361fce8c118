package org.osteon.testsupport.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.osteon.events.RadiographReceived;
import org.osteon.events.WorklistAlert;
import org.osteon.events.WorklistPriorityChanged;
import org.osteon.schemas.key.PseudonymKeys;
import org.osteon.schemas.key.Pseudonymizer;
import org.osteon.schemas.topic.Topics;

/**
 * {@code ./osteon chaos}: a sustained load of new studies through the whole system, every component a
 * process of its own on loopback, while each in turn (gateway, streams app, scoring, worklist adapter,
 * broker) is killed with SIGKILL and started again. With {@code --brokers 3}, a three-node KRaft
 * cluster (replication factor 3, two in sync) and two instances of each service: one instance of
 * each service is killed (of the worklist adapters, the lease holder), then each broker in turn, the
 * active controller first, and no store may fail while a broker is down. Then, from the worklist
 * database and the topics: every image the gateway acknowledged has exactly one worklist outcome, and
 * no alert or write-back happened twice. Prints one JSON line; exits 1 if anything was lost or
 * duplicated, or a store failed during a broker's loss in a cluster.
 *
 * <pre>./osteon chaos [--studies 1000] [--rate 5] [--senders 2] [--brokers 1|3] [--instances N]
 * [--work .osteon/chaos]</pre>
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

    /**
     * One fault: which process was killed (and in what role), how long until it answered again, and
     * until outcomes flowed again (-1: none within the timeout); {@code [killedAt, backAt]} in nanoTime.
     */
    record Fault(
            String component,
            String role,
            boolean brokerLoss,
            long downMillis,
            long resumedMillis,
            long killedAt,
            long backAt,
            Instant killedWall) {

        /** The wall-clock end of the fault, for the database's timestamps. */
        Instant backWall() {
            return killedWall.plusNanos(backAt - killedAt);
        }
    }

    /**
     * A fault still to strike: its target is chosen when it strikes (the active controller, the lease
     * holder). A redundant target (a cluster's broker, one of two instances) should not stop outcomes at all.
     */
    private record Planned(String role, boolean brokerLoss, boolean redundant, Callable<Component> target) {}

    public static void main(String... args) throws Exception {
        Map<String, String> options = options(
                "./osteon chaos [--studies N] [--rate PER_SECOND] [--senders N] [--brokers 1|3] [--instances N]"
                        + " [--work DIR]",
                args);
        int studies = Integer.parseInt(options.getOrDefault("studies", "1000"));
        int senders = Integer.parseInt(options.getOrDefault("senders", "2"));
        double rate = Double.parseDouble(options.getOrDefault("rate", "5"));
        int brokers = Integer.parseInt(options.getOrDefault("brokers", "1"));
        // A cluster runs two of each service unless told otherwise: the point is that nothing is single.
        int instances = Integer.parseInt(options.getOrDefault("instances", brokers > 1 ? "2" : "1"));
        if (brokers != 1 && brokers != 3) {
            throw new IllegalArgumentException("--brokers is 1 or 3");
        }
        if (instances < 1 || instances > 4) {
            throw new IllegalArgumentException("--instances is 1 to 4");
        }
        Path root = Path.of(System.getenv().getOrDefault("OSTEON_ROOT", ".")).toAbsolutePath();
        Path work = root.resolve(options.getOrDefault("work", ".osteon/chaos")).toAbsolutePath();
        int slices = 4 + brokers + 1;
        if (studies < 2 * slices) {
            throw new IllegalArgumentException("--studies must be at least " + 2 * slices + ": " + slices
                    + " slices, one fault in each but the first");
        }
        prepare(work);
        String secret = java.util.Base64.getEncoder().encodeToString(java.security.SecureRandom.getSeed(48));

        log("writing %d studies", studies);
        List<String[]> manifest = makeStudies(root, studies, work.resolve("studies"));
        Stack stack = new Stack(root, work, secret, brokers, instances);
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

    /**
     * One broker: each service, then the broker. A cluster: one instance of each service (of the
     * worklist adapters, the write-back lease holder), then each broker in turn, the active
     * controller first.
     */
    private static List<Planned> plan(Stack stack, Outcomes outcomes) {
        List<Planned> plan = new ArrayList<>();
        boolean pairs = stack.gateways.size() > 1;
        plan.add(new Planned("", false, pairs, () -> stack.gateway));
        plan.add(new Planned("", false, pairs, () -> stack.streams));
        plan.add(new Planned("", false, pairs, () -> stack.scoring));
        if (pairs) {
            plan.add(new Planned("write-back lease holder", false, true, () -> leaseHolder(stack, outcomes)));
        } else {
            plan.add(new Planned("", false, false, () -> stack.worklist));
        }
        if (stack.brokers.size() == 1) {
            plan.add(new Planned("", true, false, () -> stack.broker));
            return plan;
        }
        List<Component> spared = new ArrayList<>(stack.brokers);
        plan.add(new Planned("active controller", true, true, () -> {
            Component controller = activeController(stack);
            spared.remove(controller);
            return controller;
        }));
        for (int i = 1; i < stack.brokers.size(); i++) {
            plan.add(new Planned("", true, true, () -> spared.remove(0)));
        }
        return plan;
    }

    private static Component activeController(Stack stack) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            int leader = admin.describeMetadataQuorum()
                    .quorumInfo()
                    .get(30, TimeUnit.SECONDS)
                    .leaderId();
            return stack.brokers.get(leader - 1);
        }
    }

    private static Component leaseHolder(Stack stack, Outcomes outcomes) throws Exception {
        long pid = outcomes.leaseHolderPid();
        return stack.worklists.stream()
                .filter(w -> w.pid() == pid)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no running worklist adapter holds the lease"));
    }

    private static int run(Stack stack, List<String[]> manifest, int senders, double rate, String secret, long started)
            throws Exception {
        Outcomes outcomes = new Outcomes(stack.jdbcUrl(), stack.bootstrapServers());
        List<Path> files = manifest.stream().map(m -> Path.of(m[0])).toList();
        List<Planned> plan = plan(stack, outcomes);
        List<List<Path>> slices = slices(files, plan.size() + 1);
        List<Fault> recovered = new ArrayList<>();
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (StudySender sender = new StudySender(stack.dicomPorts(), "OSTEON", senders)) {
            long sendDeadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            log(
                    "sending slice 1 of %d (%d studies) with no fault",
                    slices.size(), slices.get(0).size());
            sender.sendAll(slices.get(0), rate, sendDeadline);
            for (int i = 0; i < plan.size(); i++) {
                List<Path> slice = slices.get(i + 1);
                Future<?> sending = background.submit(() -> {
                    sender.sendAll(slice, rate, sendDeadline);
                    return null;
                });
                // A third into the slice: images are in every stage when the fault strikes, and more keep coming.
                Thread.sleep((long) (slice.size() / rate * 1000 / 3));
                Planned planned = plan.get(i);
                recovered.add(fault(planned.target().call(), planned, outcomes));
                sending.get();
                log("slice %d of %d acknowledged (%d studies)", i + 2, slices.size(), slice.size());
            }
            log(
                    "all %d studies acknowledged after %d attempts; waiting for their outcomes",
                    sender.acknowledged(), sender.attempts());
            awaitOutcomes(outcomes, files.size());
            awaitWritebacks(outcomes);
            Verdict verdict = verdict(outcomes, manifest, secret, sender, recovered, stack, started);
            System.out.println(verdict.json());
            return verdict.clean() ? 0 : 1;
        } finally {
            background.shutdownNow();
        }
    }

    /**
     * Kills one component with SIGKILL, starts it again, and times its return and the pipeline's: the
     * first image that reaches the worklist after the component is back or, for a redundant one, after
     * the kill (the others carry on; by the time it is back, its slice may be done).
     */
    private static Fault fault(Component component, Planned planned, Outcomes outcomes) throws Exception {
        String role = planned.role().isEmpty() ? "" : " (" + planned.role() + ")";
        log("fault: SIGKILL %s%s", component.name(), role);
        Instant killedAt = Instant.now();
        long killed = System.nanoTime();
        component.kill();
        component.start();
        component.awaitReady(START_TIMEOUT);
        long ready = System.nanoTime();
        long deadline = ready + START_TIMEOUT.toNanos();
        long resumed;
        if (planned.redundant()) {
            Optional<Instant> first;
            while ((first = outcomes.firstOutcomeSince(killedAt)).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            resumed = first.map(t -> killed + Duration.between(killedAt, t).toNanos())
                    .orElse(deadline);
        } else {
            int atReady = outcomes.instancesWithOutcome();
            while (outcomes.instancesWithOutcome() <= atReady && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            resumed = System.nanoTime();
        }
        // -1: no image reached the worklist within the timeout after the component came back.
        long resumedMillis = resumed >= deadline ? -1 : (resumed - killed) / 1_000_000;
        Fault fault = new Fault(
                component.name(),
                planned.role(),
                planned.brokerLoss(),
                (ready - killed) / 1_000_000,
                resumedMillis,
                killed,
                Math.max(ready, resumed),
                killedAt);
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
            Stack stack,
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

        // A modality must not notice one broker's death: with replicas, no store may fail while one is down.
        List<long[]> brokerLoss = faults.stream()
                .filter(Fault::brokerLoss)
                .map(f -> new long[] {f.killedAt(), f.backAt()})
                .toList();
        int failedDuringBrokerLoss = sender.failedDuring(brokerLoss);
        boolean brokerLossInvisible = stack.brokers.size() == 1 || failedDuringBrokerLoss == 0;

        StringBuilder json = new StringBuilder("{");
        json.append("\"brokers\": ").append(stack.brokers.size()).append(", ");
        json.append("\"instances\": ").append(stack.gateways.size()).append(", ");
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
        json.append("\"failed_stores\": ").append(sender.failedAttempts()).append(", ");
        json.append("\"failed_stores_during_broker_loss\": ")
                .append(failedDuringBrokerLoss)
                .append(", ");
        json.append("\"received_events\": ").append(received.size()).append(", ");
        json.append("\"received_instances\": ").append(receivedInstances.size()).append(", ");
        json.append("\"alerts\": ").append(alerts.size()).append(", ");
        // Per fault, how late the images received during it reached the worklist.
        List<String> faultJson = new ArrayList<>();
        for (Fault f : faults) {
            faultJson.add(String.format(
                    Locale.ROOT,
                    "{\"component\": \"%s\", %s\"recovery_ms\": %d, \"outcomes_resumed_ms\": %d,"
                            + " \"latency_p99_ms\": %d}",
                    f.component(),
                    f.role().isEmpty() ? "" : "\"role\": \"" + f.role() + "\", ",
                    f.downMillis(),
                    f.resumedMillis(),
                    outcomes.latencyP99ReceivedBetween(f.killedWall(), f.backWall())));
        }
        json.append("\"faults\": [").append(String.join(", ", faultJson)).append("], ");
        json.append("\"elapsed_s\": ")
                .append((System.nanoTime() - started) / 1_000_000_000L)
                .append("}");
        return new Verdict(json.toString(), lost == 0 && duplicated == 0 && brokerLossInvisible);
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

    /**
     * The processes and how each is started, the same command every time: the database, one broker or
     * a three-node KRaft cluster, and one or more instances of each service. Instance {@code i} of a
     * service, and node {@code i} of the cluster, use the first instance's ports plus {@code 100 * i}.
     */
    static final class Stack {
        final Component database;
        final List<Component> brokers = new ArrayList<>();
        final List<Component> gateways = new ArrayList<>();
        final List<Component> streamsApps = new ArrayList<>();
        final List<Component> scorings = new ArrayList<>();
        final List<Component> worklists = new ArrayList<>();
        /** The first of each, for runs with one of each. */
        final Component broker;

        final Component gateway;
        final Component streams;
        final Component scoring;
        final Component worklist;

        private final Path logs;
        private final List<String> jvm = List.of("java", "-Xmx512m", "-XX:+UseSerialGC");

        Stack(Path root, Path work, String secret) {
            this(root, work, secret, 1, 1);
        }

        Stack(Path root, Path work, String secret, int brokerCount, int instances) {
            logs = work.resolve("logs");
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
            String voters = IntStream.range(0, brokerCount)
                    .mapToObj(n -> (n + 1) + "@127.0.0.1:" + (CONTROLLER + 100 * n))
                    .collect(Collectors.joining(","));
            String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
            for (int n = 0; n < brokerCount; n++) {
                Map<String, String> env = new HashMap<>(Map.of(
                        "OSTEON_EMBEDDED_KAFKA_DIR",
                                work.resolve("kafka-" + (n + 1)).toString(),
                        "OSTEON_EMBEDDED_KAFKA_PORT", Integer.toString(BROKER + 100 * n),
                        "OSTEON_EMBEDDED_KAFKA_CONTROLLER_PORT", Integer.toString(CONTROLLER + 100 * n)));
                if (brokerCount > 1) {
                    env.putAll(Map.of(
                            "OSTEON_EMBEDDED_KAFKA_VOTERS", voters,
                            "OSTEON_EMBEDDED_KAFKA_NODE_ID", Integer.toString(n + 1),
                            "OSTEON_EMBEDDED_KAFKA_CLUSTER_ID", clusterId));
                }
                String name = brokerCount == 1 ? "broker" : "broker-" + (n + 1);
                brokers.add(new Component(
                        name,
                        concat(jvm, "-cp", launcherCp, "org.osteon.launcher.BrokerMain"),
                        env,
                        logs.resolve(name + ".log"),
                        null,
                        BROKER + 100 * n));
            }
            String bootstrap = bootstrapServers(brokerCount);
            String replication = Integer.toString(Math.min(3, brokerCount));
            // The gateway gets the broker and the PHI store only: it pseudonymizes nothing.
            // Every service logs its spans, as in the demo: ./osteon bench latency reads them back.
            Map<String, String> edge = Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS",
                    bootstrap,
                    "OSTEON_TOPICS_REPLICATION_FACTOR",
                    replication,
                    "OSTEON_STORE_PHI_ROOT",
                    work.resolve("phi-store").toString(),
                    "OSTEON_TRACING_LOG_SPANS",
                    "true");
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
            String scoringJar =
                    root.resolve("scoring/target/quarkus-app/quarkus-run.jar").toString();
            String worklistJar = root.resolve("worklist-adapter/target/quarkus-app/quarkus-run.jar")
                    .toString();
            for (int i = 0; i < instances; i++) {
                int shift = 100 * i;
                String suffix = instances == 1 ? "" : "-" + (i + 1);
                gateways.add(quarkusApp(
                        "gateway" + suffix,
                        gatewayJar,
                        merge(
                                edge,
                                Map.of(
                                        "QUARKUS_HTTP_PORT",
                                        Integer.toString(GATEWAY_HTTP + shift),
                                        "QUARKUS_MANAGEMENT_PORT",
                                        Integer.toString(GATEWAY_MANAGEMENT + shift),
                                        "OSTEON_GATEWAY_DICOM_PORT",
                                        Integer.toString(DICOM + shift),
                                        "OSTEON_GATEWAY_DICOM_AE_TITLE",
                                        "OSTEON",
                                        // The jar runs in %prod, where an empty allow-list refuses every association.
                                        "OSTEON_GATEWAY_DICOM_ALLOWED_CALLING_AE_TITLES",
                                        StudySender.CALLING_AE)),
                        GATEWAY_MANAGEMENT + shift,
                        GATEWAY_HTTP + shift));
                streamsApps.add(quarkusApp(
                        "streams" + suffix,
                        streamsJar,
                        merge(
                                phiZone,
                                Map.of(
                                        "QUARKUS_HTTP_PORT", Integer.toString(STREAMS_HTTP + shift),
                                        "QUARKUS_MANAGEMENT_PORT", Integer.toString(STREAMS_MANAGEMENT + shift),
                                        "KAFKA_STREAMS_STATE_DIR",
                                                work.resolve("streams-state" + suffix)
                                                        .toString())),
                        STREAMS_MANAGEMENT + shift,
                        STREAMS_HTTP + shift));
                scorings.add(quarkusApp(
                        "scoring" + suffix,
                        scoringJar,
                        Map.of(
                                "KAFKA_BOOTSTRAP_SERVERS",
                                bootstrap,
                                "QUARKUS_HTTP_PORT",
                                Integer.toString(SCORING_HTTP + shift),
                                "OSTEON_SCORING_MODEL_DIR",
                                root.resolve("models/default").toString(),
                                "OSTEON_SCORING_INSTANCE_ID",
                                "chaos-" + (i + 1),
                                "OSTEON_STORE_RESEARCH_ROOT",
                                work.resolve("research-store").toString(),
                                "OSTEON_TRACING_LOG_SPANS",
                                "true"),
                        SCORING_HTTP + shift,
                        SCORING_HTTP + shift));
                Map<String, String> worklistEnv = new LinkedHashMap<>();
                worklistEnv.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
                worklistEnv.put("QUARKUS_HTTP_PORT", Integer.toString(WORKLIST_HTTP + shift));
                worklistEnv.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl());
                worklistEnv.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
                worklistEnv.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
                // As in production, the worklist gets the study-key subkey, never the master secret.
                worklistEnv.put("OSTEON_WORKLIST_STUDY_KEY_SECRET", PseudonymKeys.studyKeySecret(secret));
                worklistEnv.put("OSTEON_DEID_KEY_ID", KEY_ID);
                worklistEnv.put("OSTEON_TRACING_LOG_SPANS", "true");
                // The stand-in RIS lives in the first adapter; while it is down, write-backs are retried.
                if (i == 0) {
                    worklistEnv.put("OSTEON_DEV_RIS_SINK_ENABLED", "true");
                    worklistEnv.put("OSTEON_DEV_RIS_SINK_HL7_PORT", Integer.toString(HL7_SINK));
                }
                worklistEnv.put("OSTEON_WRITEBACK_HL7_ENABLED", "true");
                worklistEnv.put("OSTEON_WRITEBACK_HL7_HOST", "127.0.0.1");
                worklistEnv.put("OSTEON_WRITEBACK_HL7_PORT", Integer.toString(HL7_SINK));
                // A killed lease holder's write-backs pass on within 15 s (timeouts 2 s: 1.5 x 4 x 2 < 15).
                worklistEnv.put("OSTEON_WRITEBACK_HL7_TIMEOUT", "2s");
                worklistEnv.put("OSTEON_ALERTS_WEBHOOK_TIMEOUT", "2s");
                worklistEnv.put("OSTEON_WRITEBACK_LEASE_TTL", "15s");
                worklists.add(quarkusApp(
                        "worklist-adapter" + suffix,
                        worklistJar,
                        worklistEnv,
                        WORKLIST_HTTP + shift,
                        WORKLIST_HTTP + shift));
            }
            broker = brokers.get(0);
            gateway = gateways.get(0);
            streams = streamsApps.get(0);
            scoring = scorings.get(0);
            worklist = worklists.get(0);
        }

        /** A service's packaged Quarkus jar, ready when its health endpoint says so. */
        private Component quarkusApp(String name, String jar, Map<String, String> env, int healthPort, int port) {
            return new Component(
                    name,
                    concat(jvm, "-jar", jar),
                    env,
                    logs.resolve(name + ".log"),
                    "http://127.0.0.1:" + healthPort + "/q/health/ready",
                    port);
        }

        static String bootstrapServers(int brokerCount) {
            return IntStream.range(0, brokerCount)
                    .mapToObj(n -> "127.0.0.1:" + (BROKER + 100 * n))
                    .collect(Collectors.joining(","));
        }

        String bootstrapServers() {
            return bootstrapServers(brokers.size());
        }

        List<Integer> dicomPorts() {
            return IntStream.range(0, gateways.size())
                    .mapToObj(i -> DICOM + 100 * i)
                    .toList();
        }

        String jdbcUrl() {
            return "jdbc:postgresql://127.0.0.1:" + DATABASE + "/postgres";
        }

        List<Component> services() {
            List<Component> all = new ArrayList<>();
            all.addAll(gateways);
            all.addAll(streamsApps);
            all.addAll(scorings);
            all.addAll(worklists);
            return all;
        }

        void startAll() throws Exception {
            log("starting the database and %d broker(s)", brokers.size());
            database.start();
            for (Component b : brokers) {
                b.start();
            }
            database.awaitReady(START_TIMEOUT);
            for (Component b : brokers) {
                b.awaitReady(START_TIMEOUT);
            }
            log("starting %d service processes, each its own JVM", services().size());
            for (Component c : services()) {
                c.start();
            }
            for (Component c : services()) {
                c.awaitReady(START_TIMEOUT);
            }
            log("all %d processes ready", 1 + brokers.size() + services().size());
        }

        void stopAll() throws InterruptedException {
            List<Component> all = new ArrayList<>(services());
            java.util.Collections.reverse(all);
            all.addAll(brokers);
            all.add(database);
            for (Component c : all) {
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
