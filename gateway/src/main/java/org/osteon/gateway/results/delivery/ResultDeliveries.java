package org.osteon.gateway.results.delivery;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.osteon.gateway.config.ResultsConfig;
import org.osteon.gateway.publish.EventPublisher;
import org.osteon.platform.kafka.KafkaClientSettings;
import org.osteon.platform.store.StoreConfig;
import org.osteon.platform.tls.TlsContexts;

/**
 * Starts one {@link DestinationWorker} per configured destination, each on its own thread, and stops
 * them at shutdown. A destination whose settings do not fit its protocol fails start-up with the key
 * to fix.
 */
@ApplicationScoped
public class ResultDeliveries {

    private static final Logger LOG = Logger.getLogger(ResultDeliveries.class);

    /** Destination names: lower case letters and digits, as the chart's values schema allows. */
    static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9]{0,30}");

    private final ResultsConfig config;
    private final StoreConfig stores;
    private final EventPublisher publisher;
    private final String bootstrapServers;
    private final List<DestinationWorker> workers = new ArrayList<>();

    public ResultDeliveries(
            ResultsConfig config,
            StoreConfig stores,
            EventPublisher publisher,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.stores = stores;
        this.publisher = publisher;
        this.bootstrapServers = bootstrapServers;
    }

    void onStart(@Observes StartupEvent event) {
        DestinationWorker.Policy policy =
                new DestinationWorker.Policy(config.maxAttempts(), config.initialBackoff(), config.maxBackoff());
        for (Map.Entry<String, ResultsConfig.Destination> entry :
                config.destinations().entrySet()) {
            String name = entry.getKey();
            DestinationWorker worker = new DestinationWorker(
                    name,
                    sender(name, entry.getValue()),
                    policy,
                    stores.phiRoot(),
                    consumerSettings(name, policy),
                    publisher,
                    Clock.systemUTC());
            workers.add(worker);
            Thread thread = new Thread(worker, "result-delivery-" + name);
            thread.setDaemon(true);
            thread.start();
            LOG.infof("delivering results to %s by %s", name, entry.getValue().protocol());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        workers.forEach(DestinationWorker::stop);
    }

    Map<String, Object> consumerSettings(String name, DestinationWorker.Policy policy) {
        Map<String, Object> settings =
                KafkaClientSettings.fromConfig(bootstrapServers).base();
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, DestinationWorker.groupOf(name));
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "osteon-result-delivery-" + name);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The outbox is written in transactions: only committed objects exist.
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        // After a crash the group waits out the dead member's session before a new one takes over: keep it short.
        settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
        settings.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, worstCase(policy)));
        return settings;
    }

    /**
     * The longest one object can hold the poll loop: every attempt timing out twice (connect and answer)
     * and every backoff at its longest, plus a minute. A shorter poll interval would make the group
     * rebalance in the middle of a legitimate retry.
     */
    long worstCase(DestinationWorker.Policy policy) {
        long attempt = 2 * config.timeout().toMillis();
        return policy.maxAttempts() * (attempt + policy.maxBackoff().toMillis())
                + Duration.ofMinutes(1).toMillis();
    }

    Sender sender(String name, ResultsConfig.Destination destination) {
        String key = "osteon.results.destinations." + name + ".";
        // The name becomes a consumer group, a thread and a log field, and must map from an environment variable.
        if (!NAME.matcher(name).matches()) {
            throw new IllegalStateException(key + ": a destination's name must match " + NAME.pattern());
        }
        Optional<SSLContext> tls = tls(name, destination.tls());
        return switch (destination.protocol()) {
            case DIMSE ->
                new CStoreSender(
                        destination.host().orElseThrow(() -> missing(key + "host", "dimse")),
                        destination.port().orElseThrow(() -> missing(key + "port", "dimse")),
                        destination.aeTitle().orElseThrow(() -> missing(key + "ae-title", "dimse")),
                        config.callingAeTitle(),
                        new Tunnel.Factory(tls, config.timeout()));
            case STOW_RS -> {
                var url = destination.url().orElseThrow(() -> missing(key + "url", "stow-rs"));
                if (!List.of("http", "https").contains(String.valueOf(url.getScheme()))) {
                    throw new IllegalStateException(key + "url must be an http or https URL");
                }
                if (destination.tls().enabled() != "https".equals(url.getScheme())) {
                    throw new IllegalStateException(
                            key + "tls.enabled must be true exactly when " + key + "url is https");
                }
                boolean credentials = destination.bearerToken().isPresent()
                        || destination.username().isPresent();
                if (credentials && "http".equals(url.getScheme()) && !loopback(url.getHost())) {
                    // A password or token in clear text would cross the network: only https, or this host.
                    throw new IllegalStateException(
                            key + "url must be https when the destination has credentials (http only to loopback)");
                }
                Optional<String> authorization = destination.bearerToken().map(token -> "Bearer " + token);
                if (authorization.isEmpty() && destination.username().isPresent()) {
                    authorization = StowRsSender.basic(
                            destination.username().get(), destination.password().orElse(""));
                }
                yield new StowRsSender(url, authorization, tls, config.timeout());
            }
        };
    }

    private static Optional<SSLContext> tls(String name, ResultsConfig.Tls tls) {
        if (!tls.enabled()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TlsContexts.context(
                    tls.keyStore()
                            .map(path -> new TlsContexts.StoreFile(path, tls.keyStoreType(), tls.keyStorePassword())),
                    tls.trustStore()
                            .map(path ->
                                    new TlsContexts.StoreFile(path, tls.trustStoreType(), tls.trustStorePassword()))));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(
                    "cannot load the TLS stores of result destination " + name + ": " + e.getMessage(), e);
        }
    }

    /** localhost, or a loopback address literal; a name such as 127.example.org is not resolved, so not loopback. */
    static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equals("localhost")) {
            return true;
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!literal.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
            return false;
        }
        try {
            // A literal of digits, dots and colons: InetAddress parses it without asking DNS.
            return java.net.InetAddress.getByName(literal).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static IllegalStateException missing(String key, String protocol) {
        return new IllegalStateException(key + " is required for a " + protocol + " result destination");
    }
}
