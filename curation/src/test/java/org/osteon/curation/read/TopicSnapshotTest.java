package org.osteon.curation.read;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.osteon.platform.kafka.KafkaClientSettings;
import org.osteon.schemas.topic.Topic;
import org.osteon.schemas.topic.Topics;

class TopicSnapshotTest {

    /** No broker at all: a phi- topic is refused before any connection. */
    private final TopicSnapshot snapshot =
            new TopicSnapshot(KafkaClientSettings.plain("localhost:1"), new SnapshotLimits(10, Duration.ofSeconds(1)));

    @Test
    void shouldNeverReadAPhiTopic() {
        for (Topic<String, ?> topic : Topics.ALL) {
            if (topic.mayCarryPhi()) {
                assertThatThrownBy(() -> snapshot.read(topic, value -> {}))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("phi-");
            }
        }
    }

    @Test
    void shouldFailClearlyWhenTheBrokerDoesNotAnswer() {
        assertThatThrownBy(() -> snapshot.read(Topics.TRIAGE_FEEDBACK, value -> {}))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageContaining("triage-feedback-v1")
                .hasMessageContaining("localhost:1");
    }
}
