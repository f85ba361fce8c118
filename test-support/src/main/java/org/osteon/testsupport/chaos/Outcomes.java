package org.osteon.testsupport.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.osteon.schemas.topic.Topic;

/**
 * What became of the sent images, read from where the system keeps it: the worklist database (its
 * applied decisions, alerts and write-back outbox) and the topics (committed records only).
 */
final class Outcomes {

    private final String jdbcUrl;
    private final String bootstrapServers;

    Outcomes(String jdbcUrl, String bootstrapServers) {
        this.jdbcUrl = jdbcUrl;
        this.bootstrapServers = bootstrapServers;
    }

    /** Applied worklist outcomes per instance key (one per image when nothing is lost or duplicated). */
    Map<String, Integer> outcomesPerInstance() throws SQLException {
        return countBy("SELECT instance_key, count(*) FROM applied_decision WHERE instance_key IS NOT NULL "
                + "GROUP BY instance_key");
    }

    int instancesWithOutcome() {
        try {
            return count("SELECT count(DISTINCT instance_key) FROM applied_decision");
        } catch (SQLException e) {
            // The database may be between Flyway and the first commit; nothing has an outcome yet.
            return 0;
        }
    }

    /** When the first outcome after {@code since} was committed; empty while there is none. */
    Optional<Instant> firstOutcomeSince(Instant since) {
        try (Connection c = connect();
                PreparedStatement s =
                        c.prepareStatement("SELECT min(committed_at) FROM applied_decision WHERE committed_at > ?")) {
            s.setObject(1, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                OffsetDateTime first = rs.getObject(1, OffsetDateTime.class);
                return Optional.ofNullable(first).map(OffsetDateTime::toInstant);
            }
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** Alerts per (study, decision) beyond the first: a duplicate reaches a reader twice. */
    int duplicateAlerts() throws SQLException {
        return count("SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM alert "
                + "GROUP BY study_key, decision) per_study");
    }

    /** Write-backs per (study, target, priority) beyond the first: a duplicate order change to the RIS. */
    int duplicateWritebacks() throws SQLException {
        return count("SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM writeback_outbox "
                + "WHERE priority IS NOT NULL GROUP BY study_key, target, priority) per_change");
    }

    /**
     * Receipt-to-worklist latency percentiles (p50, p90, p99, in ms) of the outcomes committed since
     * {@code since}; empty when there are none.
     */
    /** The p99 receipt-to-worklist latency (ms) of images received in {@code [from, to]}; -1 when none were. */
    long latencyP99ReceivedBetween(Instant from, Instant to) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement("""
                SELECT percentile_cont(0.99) WITHIN GROUP
                       (ORDER BY extract(epoch FROM committed_at - received_at) * 1000)
                FROM applied_decision WHERE received_at BETWEEN ? AND ?""")) {
            s.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            s.setObject(2, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                double p99 = rs.getDouble(1);
                return rs.wasNull() ? -1 : Math.round(p99);
            }
        }
    }

    double[] latencyPercentiles(Instant since) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement("""
                SELECT percentile_cont(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP
                       (ORDER BY extract(epoch FROM committed_at - received_at) * 1000)
                FROM applied_decision WHERE committed_at >= ?""")) {
            s.setObject(1, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                java.sql.Array array = rs.getArray(1);
                if (array == null) {
                    return new double[0];
                }
                Object[] values = (Object[]) array.getArray();
                double[] out = new double[values.length];
                for (int i = 0; i < values.length; i++) {
                    out[i] = ((Number) values[i]).doubleValue();
                }
                return out;
            }
        }
    }

    /** The process id of the worklist adapter holding the write-back lease (its holder is host/pid/suffix). */
    long leaseHolderPid() throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(
                        "SELECT holder FROM dispatch_lease WHERE name = 'writeback' AND expires_at > now()");
                ResultSet rs = s.executeQuery()) {
            if (!rs.next() || rs.getString(1) == null) {
                throw new IllegalStateException("no worklist adapter holds the write-back lease");
            }
            return Long.parseLong(rs.getString(1).split("/")[1]);
        }
    }

    int pendingWritebacks() throws SQLException {
        return count("SELECT count(*) FROM writeback_outbox WHERE status <> 'ACKED'");
    }

    private Map<String, Integer> countBy(String sql) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getInt(2));
            }
        }
        return counts;
    }

    private int count(String sql) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", "postgres");
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(jdbcUrl, p);
    }

    /** Every committed record of a topic, decoded, read from the start to the end offsets of now. */
    <V> List<V> committed(Topic<String, V> topic) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "osteon-chaos-verify-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic.name(), Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Set<TopicPartition> done = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (done.size() < partitions.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null) {
                        values.add(topic.valueSerde().deserializer().deserialize(r.topic(), r.value()));
                    }
                }
                for (TopicPartition tp : partitions) {
                    // Under read_committed the position passes transaction markers; end offsets include them.
                    if (consumer.position(tp) >= end.get(tp)) {
                        done.add(tp);
                    }
                }
            }
            if (done.size() < partitions.size()) {
                throw new IllegalStateException("could not read " + topic.name() + " to its end");
            }
        }
        return values;
    }
}
