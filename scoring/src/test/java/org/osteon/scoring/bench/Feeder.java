package org.osteon.scoring.bench;

import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.osteon.events.RadiographDeidentified;
import org.osteon.scoring.TestEvents;
import org.osteon.scoring.it.TopicIo;

/**
 * Writes the benchmark's de-identified events in chunks, each in one transaction. The scoring service
 * reads {@code read_committed}, so a chunk reaches it all at once when committed and not before: the
 * chunk is written while the service is idle, and the service's window starts with a preloaded topic.
 */
final class Feeder implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final List<String> uris;
    private long produced;
    private boolean open;

    Feeder(String bootstrap, List<String> uris) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "osteon-bench-feeder");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.uris = List.copyOf(uris);
        producer.initTransactions();
    }

    /** Writes {@code n} events in a new transaction and waits for the broker to have them; not yet visible. */
    void write(int n) {
        if (open) {
            throw new IllegalStateException("the previous chunk is not committed");
        }
        producer.beginTransaction();
        open = true;
        for (int i = 0; i < n; i++) {
            long id = produced++;
            String uri = uris.get((int) (id % uris.size()));
            RadiographDeidentified e = RadiographDeidentified.newBuilder(TestEvents.deidentified(uri, "BENCH-" + id))
                    .setStudyKey("S" + id).build();
            producer.send(TopicIo.deidentified(e));
        }
        producer.flush();
    }

    /** Makes the chunk written last visible to the service. */
    void commit() {
        producer.commitTransaction();
        open = false;
    }

    /** Events written so far, committed or not. */
    long produced() {
        return produced;
    }

    @Override
    public void close() {
        producer.close();
    }
}
