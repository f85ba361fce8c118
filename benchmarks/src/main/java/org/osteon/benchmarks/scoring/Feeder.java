package org.osteon.benchmarks.scoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 *
 * <p>Each event names an object of its own, as in a deployment, where an object is scored once per
 * model: a hard link to one of the few files that hold the pixels. Events that named the same 50 files
 * over and over would make the service rewrite each one's class-activation map thousands of times, and
 * on ext4 a map renamed over an existing one costs about twice the CPU of a new one (docs/scoring.md,
 * "Measured").
 */
final class Feeder implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final List<Path> originals;
    private final Path objects;
    private long produced;
    private boolean open;

    /**
     * @param originals files holding the pixels, used in turn
     * @param objects   where each event's own object is linked, in folders of a thousand
     */
    Feeder(String bootstrap, List<Path> originals, Path objects) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "osteon-bench-feeder");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.originals = List.copyOf(originals);
        this.objects = objects;
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
            String uri = objectFor(id).toUri().toString();
            RadiographDeidentified e = RadiographDeidentified.newBuilder(TestEvents.deidentified(uri, "BENCH-" + id))
                    .setStudyKey("S" + id)
                    .build();
            producer.send(TopicIo.deidentified(e));
        }
        producer.flush();
    }

    private Path objectFor(long id) {
        try {
            Path folder = Files.createDirectories(objects.resolve(Long.toString(id / 1000)));
            Path pixels = originals.get((int) (id % originals.size()));
            return Files.createLink(folder.resolve("obj-" + id + ".dcm"), pixels);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot link the benchmark's object " + id, e);
        }
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
