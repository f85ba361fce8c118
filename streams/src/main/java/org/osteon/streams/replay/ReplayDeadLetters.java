package org.osteon.streams.replay;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.osteon.events.DeadLetter;
import org.osteon.platform.kafka.KafkaClientSettings;
import org.osteon.schemas.topic.Topic;
import org.osteon.schemas.topic.Topics;

/**
 * Re-drives dead letters after a fix: each letter that kept its failed Kafka record (source topic and
 * value bytes) is produced again, with its key, to the topic it came from, where its stage reads it
 * as if for the first time. The replayer's consumer group remembers what it has replayed, so a second
 * run re-drives only letters that arrived since. A letter without a record (a DICOM object refused at
 * the gateway, which carries a claim check into the PHI store's rejected area instead) is counted and
 * left: such an object is re-driven by copying it into the watched folder.
 *
 * <p>{@code ./osteon replay-dead-letters [--topic phi-dead-letter-v1] [--stage S] [--error-type T]
 * [--dry-run]}; prints one JSON line. The cluster is {@code KAFKA_BOOTSTRAP_SERVERS}, secured by the
 * same {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_*}, {@code KAFKA_SSL_*} variables as the services.
 */
public final class ReplayDeadLetters {

    /** Where the replayer's progress is kept: one group, so two operators never replay a letter twice. */
    static final String GROUP = "osteon-replay-dead-letters";

    private static final Duration IDLE = Duration.ofSeconds(5);

    /**
     * @param topic the dead-letter topic to read
     * @param stage only letters of this stage (null: all)
     * @param errorType only letters of this error type (null: all)
     * @param dryRun count what would be replayed, produce nothing and remember nothing
     */
    public record Options(KafkaClientSettings kafka, String topic, String stage, String errorType, boolean dryRun) {}

    /** What one run did. */
    public record Report(int read, int replayed, int withoutRecord, int filteredOut) {
        String json(Options options) {
            return String.format(
                    Locale.ROOT,
                    "{\"topic\": \"%s\", \"read\": %d, \"replayed\": %d, "
                            + "\"without_record\": %d, \"filtered_out\": %d, \"dry_run\": %s}",
                    options.topic(),
                    read,
                    replayed,
                    withoutRecord,
                    filteredOut,
                    options.dryRun());
        }
    }

    private ReplayDeadLetters() {}

    public static void main(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dry-run" -> flags.put("dry-run", "true");
                case "--topic", "--stage", "--error-type" -> {
                    if (i + 1 >= args.length) {
                        usage("missing value for " + args[i]);
                    }
                    flags.put(args[i].substring(2), args[++i]);
                }
                default -> usage("unknown option " + args[i]);
            }
        }
        String topic = flags.getOrDefault("topic", Topics.PHI_DEAD_LETTER.name());
        if (!topic.equals(Topics.PHI_DEAD_LETTER.name()) && !topic.equals(Topics.DEAD_LETTER.name())) {
            usage("--topic must be " + Topics.PHI_DEAD_LETTER.name() + " or " + Topics.DEAD_LETTER.name());
        }
        // A plain main without Quarkus: the services' kafka.* keys come from the environment (KAFKA_*).
        KafkaClientSettings kafka = KafkaClientSettings.fromEnvironment(System.getenv(), "localhost:9092");
        Options options =
                new Options(kafka, topic, flags.get("stage"), flags.get("error-type"), flags.containsKey("dry-run"));
        System.out.println(run(options).json(options));
    }

    private static void usage(String problem) {
        System.err.println("replay-dead-letters: " + problem);
        System.err.println("usage: ./osteon replay-dead-letters [--topic phi-dead-letter-v1|dead-letter-v1] "
                + "[--stage S] [--error-type T] [--dry-run]");
        System.exit(2);
    }

    /** Reads every letter not yet replayed, re-drives those that match, and remembers how far it got. */
    public static Report run(Options options) {
        Topic<String, DeadLetter> topic =
                options.topic().equals(Topics.DEAD_LETTER.name()) ? Topics.DEAD_LETTER : Topics.PHI_DEAD_LETTER;
        Map<String, Object> consumerSettings = options.kafka().base();
        consumerSettings.putAll(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG,
                GROUP + "-" + topic.name(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"));
        Map<String, Object> producerSettings = options.kafka().base();
        producerSettings.putAll(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "osteon-replay-dead-letters",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
        int read = 0;
        int replayed = 0;
        int withoutRecord = 0;
        int filteredOut = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                        consumerSettings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(producerSettings, new ByteArraySerializer(), new ByteArraySerializer())) {
            consumer.subscribe(List.of(topic.name()));
            Instant quietSince = Instant.now();
            while (Duration.between(quietSince, Instant.now()).compareTo(IDLE) < 0) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                quietSince = Instant.now();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    read++;
                    DeadLetter letter = topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
                    if (!matches(letter, options)) {
                        filteredOut++;
                    } else if (letter.getSourceTopic() == null || letter.getPayload() == null) {
                        withoutRecord++;
                    } else {
                        if (!options.dryRun()) {
                            producer.send(new ProducerRecord<>(
                                    letter.getSourceTopic(), record.key(), bytes(letter.getPayload())));
                        }
                        replayed++;
                    }
                }
                if (!options.dryRun()) {
                    // Replayed before remembered: a crash in between replays again, never loses a letter.
                    producer.flush();
                    consumer.commitSync();
                }
            }
        }
        return new Report(read, replayed, withoutRecord, filteredOut);
    }

    private static boolean matches(DeadLetter letter, Options options) {
        return (options.stage() == null || options.stage().equals(letter.getStage()))
                && (options.errorType() == null || options.errorType().equals(letter.getErrorType()));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
