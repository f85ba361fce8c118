package org.osteon.benchmarks.scoring;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.osteon.events.RadiographDeidentified;
import org.osteon.schemas.topic.Topics;
import org.osteon.scoring.pipeline.Incoming;
import org.osteon.scoring.pipeline.ScoringRuntime;
import org.osteon.scoring.pipeline.TransactionalLoop;

/**
 * One instance of a service that does almost nothing per record: the scoring service's own
 * {@link TransactionalLoop} (read_committed consumer, Avro decode, one transaction per batch with the
 * offsets) around a transform that only re-encodes the event and sends it on. What it reaches is the
 * Kafka-side ceiling of an exactly-once stage on this machine, without DICOM or inference.
 *
 * <p>Client settings are the scoring service's ({@code ScoringRuntime}), so the two paths differ only
 * in the work per record.
 */
final class PassThroughInstance implements BenchInstance {

    private final TransactionalLoop loop;
    private final Thread thread;
    private final AtomicLong processed = new AtomicLong();

    PassThroughInstance(
            String bootstrapServers,
            String group,
            String transactionalId,
            String inputTopic,
            String outputTopic,
            int maxBatch) {
        // The scoring service's own client settings; this instance's id keeps client and transactional ids unique.
        ScoringRuntime.Options options = new ScoringRuntime.Options(
                bootstrapServers,
                "bench",
                transactionalId,
                maxBatch,
                10,
                2,
                0,
                1,
                1,
                false,
                java.nio.file.Path.of(System.getProperty("java.io.tmpdir")),
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, group),
                TransactionalLoop.NO_FAULTS);
        Properties c = ScoringRuntime.consumerProperties(options, Map.of());
        Properties p = ScoringRuntime.producerProperties(options, Map.of());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                c, Topics.RADIOGRAPH_DEIDENTIFIED.keySerde().deserializer(), new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        Serializer<RadiographDeidentified> encoder =
                Topics.RADIOGRAPH_DEIDENTIFIED.valueSerde().serializer();
        this.loop = new TransactionalLoop(
                consumer,
                producer,
                inputTopic,
                batch -> {
                    processed.addAndGet(batch.size());
                    return reencode(batch, encoder, outputTopic);
                },
                maxBatch,
                10);
        this.thread = new Thread(loop, "bench-pass-through-" + transactionalId);
        thread.start();
    }

    private static List<ProducerRecord<byte[], byte[]>> reencode(
            List<Incoming> batch, Serializer<RadiographDeidentified> encoder, String outputTopic) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(batch.size());
        for (Incoming in : batch) {
            if (in.event() == null) {
                throw new IllegalStateException("undecodable bench record: " + in.decodeError());
            }
            out.add(new ProducerRecord<>(
                    outputTopic,
                    in.record().key().getBytes(StandardCharsets.UTF_8),
                    encoder.serialize(outputTopic, in.event())));
        }
        return out;
    }

    @Override
    public long processed() {
        return processed.get();
    }

    @Override
    public TransactionalLoop loop() {
        return loop;
    }

    @Override
    public void close() throws InterruptedException {
        loop.stop();
        thread.join(Duration.ofSeconds(30).toMillis());
    }
}
