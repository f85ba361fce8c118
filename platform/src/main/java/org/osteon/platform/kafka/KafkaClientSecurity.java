package org.osteon.platform.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The client settings a secured Kafka cluster needs (TLS, SASL/SCRAM), read by every Osteon client
 * the same way: as {@code kafka.<client key>}, so {@code KAFKA_SECURITY_PROTOCOL} or
 * {@code kafka.security.protocol} reaches the plain clients the apps build themselves. Kafka Streams
 * takes the same settings through Quarkus' {@code quarkus.kafka-streams.*} keys. Clients get them through
 * {@link KafkaClientSettings}, which adds the bootstrap servers; it lives here, beside the clients, because
 * only the services' plumbing needs it, not the event schemas.
 */
public final class KafkaClientSecurity {

    /** The Kafka client keys passed through; anything else stays under the app's own control. */
    public static final List<String> KEYS = List.of(
            "security.protocol",
            "sasl.mechanism",
            "sasl.jaas.config",
            "ssl.truststore.type",
            "ssl.truststore.location",
            "ssl.truststore.password",
            "ssl.truststore.certificates",
            "ssl.keystore.type",
            "ssl.keystore.location",
            "ssl.keystore.password",
            "ssl.key.password",
            "ssl.endpoint.identification.algorithm");

    private KafkaClientSecurity() {}

    /**
     * The settings present in configuration, by Kafka client key.
     *
     * @param lookup a configuration lookup by full name, e.g. {@code kafka.security.protocol}
     */
    public static Map<String, Object> from(Function<String, Optional<String>> lookup) {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String key : KEYS) {
            lookup.apply("kafka." + key).filter(v -> !v.isBlank()).ifPresent(v -> settings.put(key, v));
        }
        return settings;
    }
}
