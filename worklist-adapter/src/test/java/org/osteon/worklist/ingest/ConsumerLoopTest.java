package org.osteon.worklist.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osteon.events.Triage;
import org.osteon.events.TriageDecision;
import org.osteon.schemas.Provenance;
import org.osteon.schemas.topic.Topics;

class ConsumerLoopTest {

    private static final TopicPartition PARTITION = new TopicPartition(Topics.TRIAGE_DECISION.name(), 0);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final List<String> handled = new ArrayList<>();
    private final List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
    private final List<String> failOnce = new ArrayList<>();

    private ConsumerLoop<TriageDecision> loop;

    @BeforeEach
    void setUp() {
        consumer.assign(List.of(PARTITION));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        RecordHandler<TriageDecision> handler = (decision, raw) -> {
            if (failOnce.remove(decision.getEventId())) {
                throw new IllegalStateException("database unavailable");
            }
            handled.add(decision.getEventId());
        };
        loop = new ConsumerLoop<>(Topics.TRIAGE_DECISION, consumer, handler,
                (record, type, reason) -> deadLetters.add(record), Duration.ofMillis(10), Duration.ofMillis(1));
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

    private long committed() {
        OffsetAndMetadata offset = consumer.committed(Set.of(PARTITION)).get(PARTITION);
        return offset == null ? -1 : offset.offset();
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, byte[] value) {
        return new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), offset,
                "key".getBytes(StandardCharsets.UTF_8), value);
    }

    private static byte[] decision(String eventId) {
        TriageDecision decision = TriageDecision.newBuilder()
                .setEventId(eventId).setReceivedAt(Instant.EPOCH).setDecidedAt(Instant.EPOCH)
                .setStudyKey("study").setInstanceKey("instance").setDecision(Triage.ROUTINE)
                .setReason("test").setProvenance(Provenance.NOT_FOR_CLINICAL_USE).build();
        return Topics.TRIAGE_DECISION.valueSerde().serializer().serialize(Topics.TRIAGE_DECISION.name(), decision);
    }
}
