package org.osteon.worklist.ingest;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.jboss.logging.Logger;
import org.osteon.schemas.key.StudyKeys;
import org.osteon.schemas.topic.Topics;
import org.osteon.worklist.config.KafkaSettings;
import org.osteon.worklist.config.WorklistConfig;
import org.osteon.worklist.publish.EventPublisher;
import org.osteon.worklist.store.Jdbc;

/** Starts the two consumer loops with the application and stops them, joined, before it ends. */
@ApplicationScoped
class IngestLifecycle {

    private static final Logger LOG = Logger.getLogger(IngestLifecycle.class);

    private final List<ConsumerLoop<?>> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    void start(
            @Observes StartupEvent event,
            KafkaSettings kafka,
            WorklistConfig config,
            EventPublisher publisher,
            ReceivedHandler received,
            DecisionHandler decisions,
            StudyKeys studyKeys,
            Jdbc database) {
        // Resolving the study keys here makes a bad or missing study-key secret, or the master secret in
        // this process's configuration, fail the startup, not the first record.
        LOG.infof("study pseudonyms under key id %s", studyKeys.keyId());
        var worklist = config.worklist();
        start(
                "osteon-worklist-received",
                new ConsumerLoop<>(
                        Topics.PHI_RADIOGRAPH_RECEIVED,
                        new KafkaConsumer<>(kafka.consumer("osteon-worklist-received")),
                        received,
                        publisher::deadLetter,
                        database::answers,
                        worklist.pollTimeout(),
                        worklist.retryBackoff(),
                        worklist.maxAttempts()));
        start(
                "osteon-worklist-decisions",
                new ConsumerLoop<>(
                        Topics.TRIAGE_DECISION,
                        new KafkaConsumer<>(kafka.consumer("osteon-worklist-decisions")),
                        decisions,
                        publisher::deadLetter,
                        database::answers,
                        worklist.pollTimeout(),
                        worklist.retryBackoff(),
                        worklist.maxAttempts()));
    }

    private void start(String name, ConsumerLoop<?> loop) {
        Thread thread = new Thread(loop, name);
        thread.setUncaughtExceptionHandler((t, e) -> LOG.errorf(e, "consumer loop %s stopped", t.getName()));
        loops.add(loop);
        threads.add(thread);
        thread.start();
    }

    /** True when every consumer loop has joined its group and is consuming. */
    boolean allJoined() {
        return !loops.isEmpty() && loops.stream().allMatch(ConsumerLoop::hasJoinedGroup);
    }

    /** Runs before beans are destroyed, so the producer is still open while loops finish a record. */
    void stop(@Observes @Priority(1) ShutdownEvent event) throws InterruptedException {
        loops.forEach(ConsumerLoop::stop);
        for (Thread thread : threads) {
            thread.join(10_000);
        }
    }
}
