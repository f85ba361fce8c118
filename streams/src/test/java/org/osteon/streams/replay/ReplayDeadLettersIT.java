package org.osteon.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osteon.events.DeadLetter;
import org.osteon.platform.kafka.KafkaClientSettings;
import org.osteon.schemas.DeadLetters;
import org.osteon.schemas.topic.Topics;
import org.osteon.testsupport.InJvmKafka;

/** The replayer on a real broker: a record's dead letter goes back to its topic once, an object's stays. */
class ReplayDeadLettersIT {

    @Test
    @Timeout(120)
    void shouldReDriveEachRecordOnceAndLeaveClaimCheckedObjects() throws Exception {
        try (InJvmKafka kafka = InJvmKafka.start()) {
            InJvmKafka.createTopics(kafka.bootstrapServers(), 1);
            byte[] failedValue = "the failed record's value".getBytes(StandardCharsets.UTF_8);
            DeadLetter recordLetter = DeadLetters.forRecord(
                            "deidentify",
                            Topics.PHI_RADIOGRAPH_RECEIVED.name(),
                            0,
                            7,
                            "UNREADABLE_DICOM",
                            "a reason",
                            failedValue,
                            Instant.now())
                    .build();
            DeadLetter objectLetter = DeadLetters.letter(
                            "gateway", "UNREADABLE_DICOM", "CSTORE object rejected", null, Instant.now())
                    .setObjectUri("file:///phi/.rejected/x.dcm")
                    .setObjectSha256("00")
                    .build();
            DeadLetter otherStage = DeadLetters.forRecord(
                            "gate",
                            Topics.RADIOGRAPH_SCORED.name(),
                            0,
                            1,
                            "UNDECODABLE_RECORD",
                            "r",
                            new byte[] {1},
                            Instant.now())
                    .build();
            try (var producer = new KafkaProducer<>(
                    Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringSerializer(),
                    new ByteArraySerializer())) {
                for (DeadLetter letter : List.of(recordLetter, objectLetter, otherStage)) {
                    producer.send(new ProducerRecord<>(
                                    Topics.PHI_DEAD_LETTER.name(),
                                    "study-key",
                                    Topics.PHI_DEAD_LETTER
                                            .valueSerde()
                                            .serializer()
                                            .serialize(Topics.PHI_DEAD_LETTER.name(), letter)))
                            .get();
                }
            }
            var options = new ReplayDeadLetters.Options(
                    KafkaClientSettings.plain(kafka.bootstrapServers()),
                    Topics.PHI_DEAD_LETTER.name(),
                    "deidentify",
                    null,
                    false);
            var dryRun = new ReplayDeadLetters.Options(
                    KafkaClientSettings.plain(kafka.bootstrapServers()),
                    Topics.PHI_DEAD_LETTER.name(),
                    null,
                    null,
                    true);

            ReplayDeadLetters.Report planned = ReplayDeadLetters.run(dryRun);
            ReplayDeadLetters.Report first = ReplayDeadLetters.run(options);
            ReplayDeadLetters.Report second = ReplayDeadLetters.run(options);

            assertThat(planned).isEqualTo(new ReplayDeadLetters.Report(3, 2, 1, 0));
            assertThat(first).isEqualTo(new ReplayDeadLetters.Report(3, 1, 0, 2));
            assertThat(second)
                    .as("a second run replays nothing again")
                    .isEqualTo(new ReplayDeadLetters.Report(0, 0, 0, 0));
            List<ConsumerRecord<String, byte[]>> redriven =
                    readAll(kafka.bootstrapServers(), Topics.PHI_RADIOGRAPH_RECEIVED.name());
            assertThat(redriven).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("study-key");
                assertThat(r.value()).isEqualTo(failedValue);
            });
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(
                Map.<String, Object>of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "check-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            // Until the first record, then two more seconds in which a duplicate would show.
            Instant deadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(deadline)) {
                boolean first = records.isEmpty();
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                if (first && !records.isEmpty()) {
                    deadline = Instant.now().plusSeconds(2);
                }
            }
        }
        return records;
    }
}
