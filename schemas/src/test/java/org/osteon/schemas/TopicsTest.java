package org.osteon.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.osteon.events.RadiographReceived;
import org.osteon.schemas.topic.Topic;
import org.osteon.schemas.topic.Topics;

class TopicsTest {

    /** Fields that name a patient, an order or a study in the clear. */
    private static final Set<String> IDENTIFYING_FIELDS = Set.of(
            "patientId",
            "patientName",
            "accessionNumber",
            "studyInstanceUid",
            "seriesInstanceUid",
            "sopInstanceUid",
            "callingAeTitle",
            "calledAeTitle",
            "patientBirthDate");

    @Test
    void topicNamesAreKebabCaseAndVersioned() {
        assertThat(Topics.ALL).extracting(Topic::name).allMatch(n -> n.matches("[a-z0-9]+(-[a-z0-9]+)*-v[0-9]+"));
        assertThat(Topics.ALL).extracting(Topic::name).doesNotHaveDuplicates();
    }

    @Test
    void onlyPhiTopicsHaveSchemasWithIdentifyingFields() {
        for (Topic<String, ?> topic : Topics.ALL) {
            Schema schema = SpecificData.get().getSchema(topic.valueType());
            boolean identifying = schema.getFields().stream().anyMatch(f -> IDENTIFYING_FIELDS.contains(f.name()));
            if (identifying) {
                assertThat(topic.mayCarryPhi())
                        .as("%s carries identifiers but is not phi-", topic.name())
                        .isTrue();
            }
        }
        assertThat(Topics.PHI_RADIOGRAPH_RECEIVED.mayCarryPhi()).isTrue();
        assertThat(Topics.RADIOGRAPH_DEIDENTIFIED.mayCarryPhi()).isFalse();
        // Alerts name the accession number, so they may only travel on a phi- topic.
        assertThat(Topics.PHI_WORKLIST_ALERT.mayCarryPhi()).isTrue();
    }

    @Test
    void shouldRefuseAnUnversionedName() {
        assertThatThrownBy(() -> new Topic<>("RadiographReceived", Serdes.String(), Serdes.String(), String.class))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Topic<>("phi-radiograph-received", Serdes.String(), Serdes.String(), String.class))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Topic<>("phi-x-v2", Serdes.String(), Serdes.String(), String.class).mayCarryPhi())
                .isTrue();
        assertThat(RadiographReceived.class).isNotNull();
    }
}
