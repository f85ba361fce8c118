package org.osteon.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.events.DeadLetter;
import org.osteon.events.RadiographDeidentified;
import org.osteon.events.RadiographReceived;
import org.osteon.schemas.topic.Topics;
import org.osteon.streams.dicom.MalformedDicom;
import org.osteon.streams.dicom.TestDicom;
import org.osteon.streams.store.ObjectStores;

/** Malformed objects in the PHI store, between good ones, through the produced topology. */
class MalformedObjectTopologyTest {

    @TempDir
    Path dir;

    private TopologyFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new TopologyFixture(dir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void shouldDeadLetterEveryMalformedObjectWithStageReasonAndReferenceAndLoseNothing() throws Exception {
        List<MalformedDicom.Case> cases = new ArrayList<>(MalformedDicom.cases(dir));
        cases.add(MalformedDicom.deflateBomb());
        List<RadiographReceived> sent = new ArrayList<>();
        sent.add(good(0));
        for (int i = 0; i < cases.size(); i++) {
            sent.add(malformed(i + 1, cases.get(i).bytes()));
        }
        sent.add(good(cases.size() + 1));

        for (RadiographReceived received : sent) {
            fixture.input(Topics.PHI_RADIOGRAPH_RECEIVED).pipeInput(received.getStudyInstanceUid(), received);
        }

        List<RadiographDeidentified> deidentified = fixture.output(Topics.RADIOGRAPH_DEIDENTIFIED).readValuesToList();
        assertThat(deidentified).as("the good objects around the malformed ones").hasSize(2);
        List<TestRecord<String, DeadLetter>> letters = fixture.output(Topics.PHI_DEAD_LETTER).readRecordsToList();
        assertThat(letters).hasSize(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            RadiographReceived received = sent.get(i + 1);
            TestRecord<String, DeadLetter> record = letters.get(i);
            DeadLetter letter = record.value();
            String name = cases.get(i).name();
            assertThat(record.key()).as(name).isEqualTo(received.getStudyInstanceUid());
            assertThat(letter.getStage()).as(name).isEqualTo("deidentify");
            assertThat(letter.getErrorType()).as(name).isEqualTo("UNREADABLE_DICOM");
            assertThat(letter.getReason()).as(name).startsWith("malformed DICOM").containsPattern(cases.get(i).reason());
            assertThat(letter.getObjectUri()).as(name).isEqualTo(received.getObjectUri());
            assertThat(letter.getSourceTopic()).as(name).isEqualTo(Topics.PHI_RADIOGRAPH_RECEIVED.name());
            assertThat(letter.getSourceOffset()).as(name).isEqualTo(i + 1L);
            // Nothing lost: the dead letter holds the original event, which still points at the stored object.
            RadiographReceived replayed = Topics.PHI_RADIOGRAPH_RECEIVED.valueSerde().deserializer()
                    .deserialize(Topics.PHI_RADIOGRAPH_RECEIVED.name(), letter.getPayload().array());
            assertThat(replayed).as(name).isEqualTo(received);
            assertThat(ObjectStores.sha256(Path.of(URI.create(letter.getObjectUri())))).as(name)
                    .isEqualTo(received.getObjectSha256());
        }
    }

    private RadiographReceived good(int n) throws Exception {
        return fixture.received(TestDicom.writeRadiograph(dir.resolve("good" + n + ".dcm"), "1.2.826.0.1.3680043.9.7777.20." + n));
    }

    /** Stores a good object as the gateway would, then replaces its bytes, as a broken sender or disk would. */
    private RadiographReceived malformed(int n, byte[] bytes) throws Exception {
        RadiographReceived received = good(n);
        Path stored = Path.of(URI.create(received.getObjectUri()));
        Files.write(stored, bytes);
        return RadiographReceived.newBuilder(received)
                .setObjectSha256(ObjectStores.sha256(stored))
                .setObjectSizeBytes(bytes.length)
                .build();
    }
}
