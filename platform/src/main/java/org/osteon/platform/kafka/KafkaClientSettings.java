package org.osteon.platform.kafka;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Where every Osteon Kafka client (producer, consumer, admin) starts: the cluster's bootstrap servers and
 * its TLS/SASL settings ({@link KafkaClientSecurity}), read the same way by every service, so a secured
 * cluster is configured once ({@code kafka.*}, or {@code KAFKA_*} in the environment) and no client
 * forgets it. Each client then adds the settings of its own role to {@link #base()}.
 *
 * @param security TLS and SASL settings by Kafka client key; empty for a plaintext cluster
 */
public record KafkaClientSettings(String bootstrapServers, Map<String, Object> security) {

    /** The environment variable read by {@link #fromEnvironment} for the bootstrap servers. */
    public static final String BOOTSTRAP_VARIABLE = "KAFKA_BOOTSTRAP_SERVERS";

    public KafkaClientSettings {
        security = Map.copyOf(security);
    }

    /** A plaintext cluster (tests and benchmarks against an in-JVM broker). */
    public static KafkaClientSettings plain(String bootstrapServers) {
        return new KafkaClientSettings(bootstrapServers, Map.of());
    }

    /** Security from {@code kafka.*} in the application's MicroProfile configuration (the services). */
    public static KafkaClientSettings fromConfig(String bootstrapServers) {
        return from(bootstrapServers, key -> ConfigProvider.getConfig().getOptionalValue(key, String.class));
    }

    /**
     * @param lookup a configuration lookup by full name, e.g. {@code kafka.security.protocol}
     */
    public static KafkaClientSettings from(String bootstrapServers, Function<String, Optional<String>> lookup) {
        return new KafkaClientSettings(bootstrapServers, KafkaClientSecurity.from(lookup));
    }

    /**
     * For plain command-line tools that run without Quarkus (no MicroProfile configuration): the same
     * keys as the services read, as environment variables ({@code kafka.security.protocol} is
     * {@code KAFKA_SECURITY_PROTOCOL}), and {@value #BOOTSTRAP_VARIABLE} or {@code defaultBootstrap}.
     */
    public static KafkaClientSettings fromEnvironment(Map<String, String> environment, String defaultBootstrap) {
        String bootstrap =
                Optional.ofNullable(environment.get(BOOTSTRAP_VARIABLE)).orElse(defaultBootstrap);
        return from(bootstrap, key -> Optional.ofNullable(environment.get(variableOf(key))));
    }

    /** {@code kafka.ssl.key.password} → {@code KAFKA_SSL_KEY_PASSWORD}, as MicroProfile Config maps it. */
    static String variableOf(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * A fresh, mutable map: the security settings and {@code bootstrap.servers}. The caller puts its
     * role's settings over it (client id, group, timeouts).
     */
    public Map<String, Object> base() {
        Map<String, Object> settings = new HashMap<>(security);
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return settings;
    }
}
