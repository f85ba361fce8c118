package org.osteon.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.osteon.events.DeadLetter;
import org.osteon.schemas.DeadLetters;
import org.osteon.schemas.topic.Topics;

class DurablePublisherTest {

    private static final DeadLetter LETTER = DeadLetters.letter(
                    "test", "UNREADABLE_DICOM", "why", null, java.time.Instant.EPOCH)
            .build();

    @Test
    void shouldFailWithPublishExceptionWhenTheAckDoesNotComeInTime() {
        // Never completes its sends by itself: the broker never answers.
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        DurablePublisher publisher = new DurablePublisher(producer, Duration.ofMillis(50));

        assertThatThrownBy(() -> publisher.send(Topics.PHI_DEAD_LETTER, "key", LETTER))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining(Topics.PHI_DEAD_LETTER.name())
                .hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void shouldFailWithPublishExceptionWhenNoBrokerAnswers() {
        Map<String, Object> settings = KafkaClientSettings.plain("127.0.0.1:1").base();
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 300);
        try (DurablePublisher publisher = DurablePublisher.create(settings, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> publisher.send(Topics.PHI_DEAD_LETTER, "key", LETTER))
                    .isInstanceOf(PublishException.class)
                    .hasRootCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        }
    }

    @Test
    void shouldKeepTheBrokersErrorAsTheCauseSoCallersCanTellARetriableOne() {
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        DurablePublisher publisher = new DurablePublisher(producer, Duration.ofSeconds(10));
        Thread broker = new Thread(() -> {
            while (!producer.errorNext(new NotLeaderOrFollowerException("leader moved"))) {
                Thread.onSpinWait();
            }
        });
        broker.start();

        assertThatThrownBy(() -> publisher.send(Topics.PHI_DEAD_LETTER, "key", LETTER))
                .isInstanceOf(PublishException.class)
                .hasRootCauseInstanceOf(NotLeaderOrFollowerException.class);
    }

    @Test
    void shouldReturnOnceTheBrokerAcknowledgedAndSendTheRegistrysBytes() {
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        DurablePublisher publisher = new DurablePublisher(producer, Duration.ofSeconds(1));

        publisher.send(Topics.PHI_DEAD_LETTER, null, LETTER);

        assertThat(producer.history()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo(Topics.PHI_DEAD_LETTER.name());
            assertThat(record.key()).isNull();
            assertThat(Topics.PHI_DEAD_LETTER.valueSerde().deserializer().deserialize(record.topic(), record.value()))
                    .isEqualTo(LETTER);
        });
    }
}
