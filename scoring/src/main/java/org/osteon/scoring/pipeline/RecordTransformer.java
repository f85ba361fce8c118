package org.osteon.scoring.pipeline;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;
import org.osteon.events.DeadLetter;
import org.osteon.schemas.topic.Topic;
import org.osteon.schemas.topic.Topics;

/**
 * The "transform" of consume-transform-produce, without Kafka I/O: decoded records in, the records to
 * produce out. Ineligible events produce nothing (gating reports them); every other record yields
 * exactly one output, a score or a dead letter.
 */
public final class RecordTransformer {

    private static final Logger LOG = Logger.getLogger(RecordTransformer.class);

    private final BatchScorer scorer;
    private final int maxBatch;
    private final Clock clock;

    public RecordTransformer(BatchScorer scorer, int maxBatch, Clock clock) {
        this.scorer = scorer;
        this.maxBatch = maxBatch;
        this.clock = clock;
    }

    public List<ProducerRecord<byte[], byte[]>> transform(List<Incoming> batch) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        List<Incoming> eligible = new ArrayList<>();
        for (Incoming in : batch) {
            if (in.decodeError() != null) {
                out.add(deadLetter(in, ErrorTypes.UNDECODABLE_RECORD, in.decodeError(), null));
            } else if (in.eligible()) {
                eligible.add(in);
            }
        }
        List<Outcome> outcomes = scorer.scoreAll(eligible.stream().map(Incoming::event).toList(), maxBatch);
        for (int i = 0; i < eligible.size(); i++) {
            Incoming in = eligible.get(i);
            if (outcomes.get(i) instanceof Outcome.Scored s) {
                out.add(record(Topics.RADIOGRAPH_SCORED, s.event().getStudyKey(), s.event()));
            } else if (outcomes.get(i) instanceof Outcome.Failed f) {
                out.add(deadLetter(in, f.errorType(), f.reason(), in.event().getObjectUri()));
            }
        }
        return out;
    }

    private ProducerRecord<byte[], byte[]> deadLetter(Incoming in, String type, String reason, String uri) {
        LOG.warnf("dead letter for %s-%d@%d: %s: %s", in.record().topic(), in.record().partition(), in.record().offset(),
                type, reason);
        DeadLetter letter = DeadLetters.of(in.record(), type, reason, uri, clock.instant());
        return record(Topics.DEAD_LETTER, in.record().key(), letter);
    }

    /** Serialises with the registry's serdes, so both output topics share one byte-level producer. */
    private static <V> ProducerRecord<byte[], byte[]> record(Topic<String, V> topic, String key, V value) {
        byte[] k = key == null ? null : topic.keySerde().serializer().serialize(topic.name(), key);
        byte[] v = topic.valueSerde().serializer().serialize(topic.name(), value);
        return new ProducerRecord<>(topic.name(), k, v);
    }
}
