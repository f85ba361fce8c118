package org.osteon.scoring.pipeline;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.osteon.schemas.topic.Topics;
import org.osteon.scoring.config.ScoringConfig;
import org.osteon.scoring.inference.OnnxModel;

/**
 * Runs the {@link TransactionalLoop} over {@code radiograph-deidentified-v1} in a thread of its own,
 * started when Quarkus has started and stopped, after its current batch, when Quarkus stops.
 */
@ApplicationScoped
public class ScoringLoop {

    private static final Logger LOG = Logger.getLogger(ScoringLoop.class);
    /** Consumer group; one per service, partitions spread over its instances. */
    public static final String GROUP_ID = "osteon-scoring";

    @Inject
    ScoringConfig config;

    @Inject
    OnnxModel model;

    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
    String bootstrapServers;

    private TransactionalLoop loop;
    private Thread thread;

    void onStart(@Observes StartupEvent event) {
        RecordTransformer transformer = new RecordTransformer(new BatchScorer(model, Clock.systemUTC()),
                config.maxBatch(), Clock.systemUTC());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(),
                Topics.RADIOGRAPH_DEIDENTIFIED.keySerde().deserializer(), new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(),
                new ByteArraySerializer(), new ByteArraySerializer());
        loop = new TransactionalLoop(consumer, producer, Topics.RADIOGRAPH_DEIDENTIFIED.name(), transformer::transform,
                config.maxBatch(), config.maxBatchWaitMs());
        thread = new Thread(loop, "osteon-scoring-loop");
        thread.start();
        LOG.infof("scoring with %s %s on %s as %s", model.descriptor().name(), model.descriptor().version(),
                model.executionProvider(), producerProperties().get(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        if (loop != null) {
            loop.stop();
            thread.join(Duration.ofSeconds(30).toMillis());
        }
    }

    /** True once the consumer group assigned this instance its partitions. */
    public boolean hasJoinedGroup() {
        return loop != null && loop.hasJoinedGroup();
    }

    /** True while the loop is consuming; false after it stopped on a fatal error or at shutdown. */
    public boolean isRunning() {
        return loop != null && loop.isRunning();
    }

    /** Why the loop stopped, when it stopped on an error. */
    public String failure() {
        return loop == null ? null : loop.failure();
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, GROUP_ID + "-" + instanceId());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxBatch());
        return p;
    }

    private Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId() + "-" + instanceId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    private String instanceId() {
        return config.instanceId().orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "local";
            }
        });
    }
}
