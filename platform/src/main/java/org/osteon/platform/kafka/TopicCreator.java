package org.osteon.platform.kafka;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.osteon.schemas.topic.Topics;

/**
 * Creates every Osteon topic that is missing, early at start-up: Quarkus Kafka Streams waits for its
 * source topics, and the other apps expect theirs to exist. An app that creates topics says so with a
 * bean that extends this class and inherits its start-up observer (the gateway and streams do); one
 * that expects them to exist, like scoring and the worklist adapter, declares none, so it never needs
 * the right to create topics.
 */
public abstract class TopicCreator {

    private static final Logger LOG = Logger.getLogger(TopicCreator.class);

    protected void onStart(
            @Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event,
            TopicsConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        if (config.create()) {
            createMissing(bootstrapServers, config.partitions(), config.replicationFactor());
        }
    }

    /** Idempotent: topics that exist are left as they are. */
    public static void createMissing(String bootstrapServers, int partitions, short replicationFactor) {
        // The admin client connects like every other client: a secured cluster's settings from kafka.*.
        try (Admin admin =
                Admin.create(KafkaClientSettings.fromConfig(bootstrapServers).base())) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.ALL.stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .map(topic -> new NewTopic(topic.name(), partitions, replicationFactor))
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            LOG.infof("created topics %s", missing.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot create Osteon topics on " + bootstrapServers + ": " + e.getMessage(), e);
        }
    }
}
