package org.osteon.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.osteon.events.DeadLetter;

class DeadLettersTest {

    @Test
    void shouldKeepTheFailedBytesAndWhereTheyCameFrom() {
        byte[] bytes = "bad".getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = DeadLetters.forRecord(
                        "score",
                        "radiograph-deidentified-v1",
                        2,
                        41L,
                        "UNDECODABLE_RECORD",
                        "not a RadiographDeidentified record",
                        bytes,
                        Instant.EPOCH)
                .build();
        assertThat(letter.getStage()).isEqualTo("score");
        assertThat(letter.getSourceTopic()).isEqualTo("radiograph-deidentified-v1");
        assertThat(letter.getSourcePartition()).isEqualTo(2);
        assertThat(letter.getSourceOffset()).isEqualTo(41L);
        assertThat(letter.getPayload()).isEqualTo(ByteBuffer.wrap(bytes));
        assertThat(letter.getEventId()).isNotBlank();
    }

    @Test
    void shouldTakeTheCoordinatesAndBytesOfAConsumedRecord() {
        byte[] bytes = "bad".getBytes(StandardCharsets.UTF_8);
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("triage-decision-v1", 1, 7L, "study", bytes);
        DeadLetter letter = DeadLetters.forRecord("worklist", record, "UNDECODABLE_RECORD", "not Avro", Instant.EPOCH)
                .build();
        assertThat(letter.getSourceTopic()).isEqualTo("triage-decision-v1");
        assertThat(letter.getSourcePartition()).isEqualTo(1);
        assertThat(letter.getSourceOffset()).isEqualTo(7L);
        assertThat(letter.getPayload()).isEqualTo(ByteBuffer.wrap(bytes));
        assertThat(letter.getReason()).isEqualTo("not Avro");
    }

    @Test
    void shouldNeverLeaveTheReasonEmpty() {
        DeadLetter letter = DeadLetters.letter("gateway", "UNREADABLE_DICOM", " ", null, Instant.EPOCH)
                .build();
        assertThat(letter.getReason()).isEqualTo("UNREADABLE_DICOM");
        assertThat(letter.getSourceTopic()).isNull();
        assertThat(letter.getPayload()).isNull();
    }
}
