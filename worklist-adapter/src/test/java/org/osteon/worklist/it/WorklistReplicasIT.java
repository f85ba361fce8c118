package org.osteon.worklist.it;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osteon.events.Triage;
import org.osteon.schemas.key.StudyKeys;
import org.osteon.schemas.topic.Topics;
import org.osteon.testsupport.InJvmKafka;
import org.osteon.testsupport.chaos.Component;
import org.osteon.worklist.it.TestEvents.Study;
import org.osteon.worklist.peers.Hl7Receiver;
import org.osteon.worklist.peers.RecordingHttpServer;
import org.osteon.worklist.peers.RecordingHttpServer.Answer;

/**
 * Two replicas of the packaged adapter (each its own JVM, as in production) on one real PostgreSQL
 * and one real broker. Every open page sees every change whichever replica committed it, and when
 * the replica holding the write-back lease is killed with SIGKILL in the middle of write-back, the
 * other takes over: every HL7 and FHIR change reaches the RIS, and none is applied twice.
 */
class WorklistReplicasIT {

    private static final String STUDY_KEY_SECRET =
            "osteon-study-key:f172de47af93d0b261d7249cd0fb58af023989b279ebedfe667d09adec662ada";
    private static final String KEY_ID = "test";
    private static final String READER_PASSWORD = "replicas-reader-password";
    private static final Duration LEASE_TTL = Duration.ofSeconds(7);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern HOLDER_PID = Pattern.compile("^[^/]*/(\\d+)/");

    private static EmbeddedPostgres postgres;
    private static InJvmKafka kafka;
    private static KafkaIO io;
    private static Hl7Receiver hl7;
    private static RecordingHttpServer fhir;
    private static Path work;
    private static final List<Replica> replicas = new ArrayList<>();
    private static final StudyKeys studyKeys = new StudyKeys(STUDY_KEY_SECRET, KEY_ID);

    /** One adapter process and what its open page has been shown. */
    private record Replica(Component process, int port, Set<String> rowsShown) {
        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }
    }

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        postgres = EmbeddedPostgres.start();
        kafka = InJvmKafka.start();
        InJvmKafka.createTopics(kafka.bootstrapServers(), WorklistTestResources.PARTITIONS);
        io = new KafkaIO(kafka.bootstrapServers());
        hl7 = new Hl7Receiver();
        fhir = new RecordingHttpServer(request -> new Answer(
                200,
                "application/fhir+json",
                "{\"resourceType\":\"ServiceRequest\",\"id\":\"sr\",\"status\":\"active\",\"intent\":\"order\","
                        + "\"subject\":{\"reference\":\"Patient/p\"}}"));
        work = Files.createTempDirectory("osteon-replicas");
        for (String name : List.of("worklist-a", "worklist-b")) {
            int port = Hl7Receiver.freePort();
            Component process = new Component(
                    name,
                    List.of(
                            ProcessHandle.current().info().command().orElse("java"),
                            "-Xmx256m",
                            "-jar",
                            Path.of("target/quarkus-app/quarkus-run.jar")
                                    .toAbsolutePath()
                                    .toString()),
                    environment(port),
                    work.resolve(name + ".log"),
                    "http://127.0.0.1:" + port + "/q/health/ready",
                    port);
            replicas.add(new Replica(process, port, ConcurrentHashMap.newKeySet()));
            process.start();
        }
        for (Replica replica : replicas) {
            replica.process().awaitReady(Duration.ofSeconds(120));
            watchRows(replica);
        }
    }

    private static Map<String, String> environment(int port) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.getJdbcUrl("postgres", "postgres"));
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("OSTEON_WORKLIST_STUDY_KEY_SECRET", STUDY_KEY_SECRET);
        env.put("OSTEON_DEID_KEY_ID", KEY_ID);
        env.put("OSTEON_STORE_RESEARCH_ROOT", work.toString());
        env.put("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_READER", READER_PASSWORD);
        env.put("QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_READER", "reader");
        env.put("OSTEON_WRITEBACK_HL7_ENABLED", "true");
        env.put("OSTEON_WRITEBACK_HL7_HOST", "127.0.0.1");
        env.put("OSTEON_WRITEBACK_HL7_PORT", Integer.toString(hl7.port()));
        // Sends of at most 4 x 1 s, so a 7 s lease passes on quickly (DispatchLease wants over 1.5 x that).
        env.put("OSTEON_WRITEBACK_HL7_TIMEOUT", "1s");
        env.put("OSTEON_WRITEBACK_FHIR_ENABLED", "true");
        env.put("OSTEON_WRITEBACK_FHIR_BASE_URL", fhir.baseUrl() + "/fhir");
        env.put("OSTEON_WRITEBACK_FHIR_TIMEOUT", "1s");
        env.put("OSTEON_ALERTS_WEBHOOK_TIMEOUT", "1s");
        env.put("OSTEON_WRITEBACK_POLL_INTERVAL", "50ms");
        env.put("OSTEON_WRITEBACK_LEASE_TTL", LEASE_TTL.toSeconds() + "s");
        return env;
    }

    /** An open page on {@code replica}: every row event's study key, as the page would receive it. */
    private static void watchRows(Replica replica) throws Exception {
        HttpClient.newHttpClient()
                .sendAsync(
                        HttpRequest.newBuilder(replica.uri("/api/worklist/events"))
                                .header("Accept", "text/event-stream")
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + java.util.Base64.getEncoder()
                                                        .encodeToString(("reader:" + READER_PASSWORD).getBytes()))
                                .build(),
                        HttpResponse.BodyHandlers.ofLines())
                .thenAcceptAsync(response -> response.body().forEach(line -> {
                    if (line.startsWith("id:")) {
                        replica.rowsShown().add(line.substring(3).trim());
                    }
                }));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (Replica replica : replicas) {
            replica.process().stop();
        }
        if (io != null) {
            io.close();
        }
        if (hl7 != null) {
            hl7.close();
        }
        if (fhir != null) {
            fhir.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (work != null) {
            try (Stream<Path> paths = Files.walk(work)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void shouldShowEveryChangeOnBothReplicasAndSurviveTheLeaseHoldersDeathMidWriteback() throws Exception {
        // Every change goes out twice (HL7 and FHIR); a slow RIS keeps write-back in flight for seconds.
        hl7.delay(Duration.ofMillis(150));
        List<String> keys = sendEscalations(24);

        Eventually.within(WAIT, () -> {
            for (Replica replica : replicas) {
                assertThat(replica.rowsShown())
                        .as("rows shown on the page of " + replica.process().name())
                        .containsAll(keys);
            }
        });

        Eventually.within(WAIT, () -> assertThat(hl7.received()).hasSizeGreaterThanOrEqualTo(4));
        Replica holder = leaseHolder();
        Replica survivor = replicas.get(0) == holder ? replicas.get(1) : replicas.get(0);
        long tokenBefore = leaseToken();
        assertThat(pendingWritebacks())
                .as("write-back still in flight at the kill")
                .isPositive();
        int pendingAtKill = pendingWritebacks();
        long killedAt = System.nanoTime();
        holder.process().kill();

        // The survivor takes the lease once it expires and sends what is left.
        Eventually.within(WAIT, () -> assertThat(pendingWritebacks()).isZero());
        long drainedMs = (System.nanoTime() - killedAt) / 1_000_000;
        assertThat(leaseHolder()).isSameAs(survivor);
        assertThat(leaseToken()).isGreaterThan(tokenBefore);

        Map<String, String> outbox = outboxTargets();
        assertThat(outbox).hasSize(2 * keys.size());
        List<String> hl7Ids = controlIds(hl7.received());
        List<String> fhirIds = fhir.requests().stream()
                .filter(r -> r.method().equals("PATCH"))
                .map(r -> r.header("X-Request-ID"))
                .toList();
        Set<String> hl7Rows = rowsFor(outbox, "hl7");
        Set<String> fhirRows = rowsFor(outbox, "fhir");
        assertThat(new HashSet<>(hl7Ids)).as("every HL7 change reached the RIS").isEqualTo(hl7Rows);
        assertThat(new HashSet<>(fhirIds))
                .as("every FHIR change reached the RIS")
                .isEqualTo(fhirRows);
        // One dispatcher sends one row at a time, so at most the row in flight at the kill goes twice,
        // under the same MSH-10 or X-Request-ID, which the receiver recognises as a repeat; so may a send
        // that timed out on a loaded machine and was retried (each retry is an attempt on its row).
        int repeats = (hl7Ids.size() - hl7Rows.size()) + (fhirIds.size() - fhirRows.size());
        int retries = Integer.parseInt(queryOne("SELECT coalesce(sum(attempts - 1), 0)::text FROM writeback_outbox"));
        System.out.printf(
                "worklist replicas: %d write-backs, %d pending at the kill, all sent %d ms after it (lease ttl %s);"
                        + " %d HL7 and %d FHIR deliveries, %d repeated, %d retried after a failed attempt%n",
                outbox.size(), pendingAtKill, drainedMs, LEASE_TTL, hl7Ids.size(), fhirIds.size(), repeats, retries);
        assertThat(repeats).as("deliveries repeated beyond the retries").isLessThanOrEqualTo(1 + retries);
        assertThat(fencingTokens())
                .as("outcomes recorded under both holders' tokens")
                .hasSize(2);

        // The surviving replica's page still sees new studies, now that it consumes every partition.
        List<String> later = sendEscalations(3);
        Eventually.within(WAIT, () -> assertThat(survivor.rowsShown()).containsAll(later));
    }

    private static List<String> sendEscalations(int count) throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Study study = Study.random();
            String key = studyKeys.studyKey(study.uid());
            io.send(Topics.PHI_RADIOGRAPH_RECEIVED, study.uid(), TestEvents.received(study, Instant.now()));
            io.send(Topics.TRIAGE_DECISION, key, TestEvents.decision(key, Triage.ESCALATE, Instant.now()));
            keys.add(key);
        }
        return keys;
    }

    private static Replica leaseHolder() throws Exception {
        String holder = queryOne("SELECT holder FROM dispatch_lease WHERE name = 'writeback' AND expires_at > now()");
        assertThat(holder).as("a replica holds the write-back lease").isNotNull();
        Matcher pid = HOLDER_PID.matcher(holder);
        assertThat(pid.find()).as(holder).isTrue();
        return replicas.stream()
                .filter(r -> r.process().pid() == Long.parseLong(pid.group(1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no live replica is " + holder));
    }

    private static long leaseToken() throws Exception {
        return Long.parseLong(queryOne("SELECT token::text FROM dispatch_lease WHERE name = 'writeback'"));
    }

    private static int pendingWritebacks() throws Exception {
        return Integer.parseInt(queryOne("SELECT count(*)::text FROM writeback_outbox WHERE status = 'PENDING'"));
    }

    private static Set<String> fencingTokens() throws Exception {
        Set<String> tokens = new HashSet<>();
        query("SELECT DISTINCT fencing_token::text FROM writeback_outbox", rs -> tokens.add(rs.getString(1)));
        return tokens;
    }

    private static Map<String, String> outboxTargets() throws Exception {
        Map<String, String> targets = new HashMap<>();
        query("SELECT id, target, status FROM writeback_outbox", rs -> {
            assertThat(rs.getString("status")).isEqualTo("ACKED");
            targets.put(rs.getString("id"), rs.getString("target"));
        });
        return targets;
    }

    private static Set<String> rowsFor(Map<String, String> outbox, String target) {
        Set<String> ids = new HashSet<>();
        outbox.forEach((id, t) -> {
            if (t.equals(target)) {
                ids.add(id);
            }
        });
        return ids;
    }

    private static List<String> controlIds(List<Message> messages) throws HL7Exception {
        List<String> ids = new ArrayList<>();
        for (Message message : messages) {
            ids.add(new Terser(message).get("/MSH-10"));
        }
        return ids;
    }

    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private static String queryOne(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        query(sql, rs -> values.add(rs.getString(1)));
        return values.isEmpty() ? null : values.get(0);
    }

    private static void query(String sql, RowReader reader) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                reader.read(rs);
            }
        }
    }
}
