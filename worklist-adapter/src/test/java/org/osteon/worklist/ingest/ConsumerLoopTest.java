package org.osteon.worklist.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osteon.events.Triage;
import org.osteon.events.TriageDecision;
import org.osteon.platform.kafka.PublishException;
import org.osteon.schemas.Provenance;
import org.osteon.schemas.topic.Topics;

class ConsumerLoopTest {

    private static final TopicPartition PARTITION = new TopicPartition(Topics.TRIAGE_DECISION.name(), 0);
    private static final int MAX_ATTEMPTS = 3;

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final List<String> handled = new ArrayList<>();
    private final List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
    private final List<String> failOnce = new ArrayList<>();
    private final List<String> attempted = new ArrayList<>();
    private final List<String> reasons = new ArrayList<>();
    private RuntimeException alwaysFailing;
    private String poison = "none";
    private boolean databaseAnswers = true;
    private boolean deadLetterTopicDown;

    private ConsumerLoop<TriageDecision> loop;

    @BeforeEach
    void setUp() {
        consumer.assign(List.of(PARTITION));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        alwaysFailing = new IllegalStateException("value too long for column reason");
        RecordHandler<TriageDecision> handler = (decision, raw) -> {
            attempted.add(decision.getEventId());
            if (failOnce.remove(decision.getEventId())) {
                throw new IllegalStateException("database unavailable");
            }
            if (decision.getEventId().equals(poison)) {
                throw alwaysFailing;
            }
            handled.add(decision.getEventId());
        };
        DeadLetterSink sink = (record, type, reason) -> {
            if (deadLetterTopicDown) {
                throw new PublishException("could not send to phi-dead-letter-v1", null);
            }
            deadLetters.add(record);
            reasons.add(type + ": " + reason);
        };
        loop = new ConsumerLoop<>(
                Topics.TRIAGE_DECISION,
                consumer,
                handler,
                sink,
                () -> databaseAnswers,
                Duration.ofMillis(10),
                Duration.ofMillis(1),
                MAX_ATTEMPTS);
    }

    @Test
    void shouldDeadLetterUndecodableRecordsAndCommitPastThem() {
        consumer.addRecord(record(0, decision("a")));
        consumer.addRecord(record(1, "not avro".getBytes(StandardCharsets.UTF_8)));
        consumer.addRecord(record(2, null));
        consumer.addRecord(record(3, decision("b")));

        loop.pollOnce();

        assertThat(handled).containsExactly("a", "b");
        assertThat(deadLetters).extracting(ConsumerRecord::offset).containsExactly(1L, 2L);
        assertThat(committed()).isEqualTo(4);
    }

    @Test
    void shouldNotCommitARecordThatFailedAndRewindToIt() {
        failOnce.add("b");
        consumer.addRecord(record(0, decision("a")));
        consumer.addRecord(record(1, decision("b")));
        consumer.addRecord(record(2, decision("c")));

        loop.pollOnce();

        assertThat(handled).containsExactly("a");
        assertThat(deadLetters).isEmpty();
        assertThat(committed()).isEqualTo(1);
        assertThat(consumer.position(PARTITION)).isEqualTo(1);

        // The broker delivers from the rewound position again; now the store is back.
        consumer.addRecord(record(1, decision("b")));
        consumer.addRecord(record(2, decision("c")));
        loop.pollOnce();

        assertThat(handled).containsExactly("a", "b", "c");
        assertThat(committed()).isEqualTo(3);
    }

    @Test
    void shouldDeadLetterARecordThatKeepsFailingWhileTheDatabaseAnswersAndMoveOn() {
        poison = "b";
        List<ConsumerRecord<byte[], byte[]>> partition =
                List.of(record(0, decision("a")), record(1, decision("b")), record(2, decision("c")));

        for (int poll = 1; poll < MAX_ATTEMPTS; poll++) {
            deliverFromPosition(partition);
            assertThat(deadLetters).as("after %d attempts", poll).isEmpty();
            assertThat(committed()).isEqualTo(1);
        }
        deliverFromPosition(partition);

        assertThat(attempted).containsExactly("a", "b", "b", "b", "c");
        assertThat(handled).containsExactly("a", "c");
        assertThat(deadLetters).extracting(ConsumerRecord::offset).containsExactly(1L);
        assertThat(reasons).hasSize(1);
        assertThat(reasons.get(0))
                .startsWith("ATTEMPTS_EXHAUSTED: failed 3 times in a row")
                .contains("value too long for column reason");
        assertThat(committed()).isEqualTo(3);
    }

    @Test
    void shouldNeverDeadLetterDuringADatabaseOutage() {
        poison = "b";
        databaseAnswers = false;
        List<ConsumerRecord<byte[], byte[]>> partition = List.of(record(0, decision("b")), record(1, decision("c")));

        for (int poll = 0; poll < MAX_ATTEMPTS * 2; poll++) {
            deliverFromPosition(partition);
        }
        assertThat(deadLetters).isEmpty();
        assertThat(committed()).isEqualTo(-1);

        // The database is back and the record still fails: now the failures are the record's own.
        databaseAnswers = true;
        for (int poll = 0; poll < MAX_ATTEMPTS; poll++) {
            deliverFromPosition(partition);
        }
        assertThat(deadLetters).extracting(ConsumerRecord::offset).containsExactly(0L);
        assertThat(handled).containsExactly("c");
        assertThat(committed()).isEqualTo(2);
    }

    @Test
    void shouldNeverDeadLetterWhileKafkaSaysTheFailureIsRetriable() {
        poison = "b";
        alwaysFailing = new PublishException(
                "could not send to worklist-priority-changed-v1",
                new ExecutionException(new NotLeaderOrFollowerException("leader moved")));
        List<ConsumerRecord<byte[], byte[]>> partition = List.of(record(0, decision("b")));

        for (int poll = 0; poll < MAX_ATTEMPTS * 2; poll++) {
            deliverFromPosition(partition);
        }

        assertThat(deadLetters).isEmpty();
        assertThat(committed()).isEqualTo(-1);
    }

    @Test
    void shouldCountAttemptsPerRecordAndForgetThemAfterASuccess() {
        List<ConsumerRecord<byte[], byte[]>> first = List.of(record(0, decision("a")));
        List<ConsumerRecord<byte[], byte[]>> second = List.of(record(1, decision("b")));
        failThenSucceed("a", MAX_ATTEMPTS - 1, first);
        // Delivered again (its commit was lost to a rebalance), a record starts from zero attempts.
        consumer.seek(PARTITION, 0);
        failThenSucceed("a", MAX_ATTEMPTS - 1, first);
        // So does the record after it.
        failThenSucceed("b", MAX_ATTEMPTS - 1, second);

        assertThat(handled).containsExactly("a", "a", "b");
        assertThat(deadLetters).isEmpty();
        assertThat(committed()).isEqualTo(2);
    }

    @Test
    void shouldKeepTheRecordWhenItsDeadLetterCannotBeSent() {
        poison = "b";
        deadLetterTopicDown = true;
        List<ConsumerRecord<byte[], byte[]>> partition = List.of(record(0, decision("b")), record(1, decision("c")));

        for (int poll = 0; poll < MAX_ATTEMPTS + 2; poll++) {
            deliverFromPosition(partition);
        }
        assertThat(committed()).isEqualTo(-1);

        deadLetterTopicDown = false;
        deliverFromPosition(partition);

        assertThat(deadLetters).extracting(ConsumerRecord::offset).containsExactly(0L);
        assertThat(handled).containsExactly("c");
        assertThat(committed()).isEqualTo(2);
    }

    /** Makes {@code eventId} fail {@code times} polls in a row, then polls once more so it succeeds. */
    private void failThenSucceed(String eventId, int times, List<ConsumerRecord<byte[], byte[]>> partition) {
        for (int failure = 0; failure < times; failure++) {
            failOnce.add(eventId);
            deliverFromPosition(partition);
        }
        deliverFromPosition(partition);
    }

    /** As the broker does after a rewind: every record from the consumer's position, in one poll. */
    private void deliverFromPosition(List<ConsumerRecord<byte[], byte[]>> partition) {
        partition.forEach(consumer::addRecord);
        loop.pollOnce();
    }

    private long committed() {
        OffsetAndMetadata offset = consumer.committed(Set.of(PARTITION)).get(PARTITION);
        return offset == null ? -1 : offset.offset();
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, byte[] value) {
        return new ConsumerRecord<>(
                PARTITION.topic(), PARTITION.partition(), offset, "key".getBytes(StandardCharsets.UTF_8), value);
    }

    private static byte[] decision(String eventId) {
        TriageDecision decision = TriageDecision.newBuilder()
                .setEventId(eventId)
                .setReceivedAt(Instant.EPOCH)
                .setDecidedAt(Instant.EPOCH)
                .setStudyKey("study")
                .setInstanceKey("instance")
                .setDecision(Triage.ROUTINE)
                .setReason("test")
                .setProvenance(Provenance.NOT_FOR_CLINICAL_USE)
                .build();
        return Topics.TRIAGE_DECISION.valueSerde().serializer().serialize(Topics.TRIAGE_DECISION.name(), decision);
    }
}
