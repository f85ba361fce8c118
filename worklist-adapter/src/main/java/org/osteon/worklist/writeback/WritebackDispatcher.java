package org.osteon.worklist.writeback;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.osteon.schemas.DeadLetters;
import org.osteon.worklist.config.WorklistConfig;
import org.osteon.worklist.lease.DispatchLease;
import org.osteon.worklist.lease.LeaseGrant;
import org.osteon.worklist.publish.EventPublisher;
import org.osteon.worklist.store.LeaseLostException;
import org.osteon.worklist.store.Outbox;
import org.osteon.worklist.store.OutboxItem;

/**
 * Drains the outbox on its own thread, so a RIS outage never blocks the Kafka consumers: sends each
 * due row, records the acknowledgement, backs off and retries, and after a rejection or the last
 * attempt publishes a dead letter to phi-dead-letter-v1 before marking the row dead. Every replica
 * runs one, but only the holder of the {@link DispatchLease} sends, and each outcome is recorded
 * under its fencing token.
 */
@ApplicationScoped
public class WritebackDispatcher {

    static final String STAGE = "worklist-writeback";
    private static final Logger LOG = Logger.getLogger(WritebackDispatcher.class);

    private final Outbox outbox;
    private final List<WritebackTarget> targets;
    private final EventPublisher publisher;
    private final WorklistConfig.Writeback config;
    private final Backoff backoff;
    private final DispatchLease lease;
    private final Clock clock = Clock.systemUTC();
    private volatile boolean running;
    private Thread thread;

    WritebackDispatcher(
            Outbox outbox,
            Instance<WritebackTarget> targets,
            EventPublisher publisher,
            WorklistConfig config,
            DispatchLease lease) {
        this.outbox = outbox;
        this.lease = lease;
        this.targets = targets.stream().toList();
        this.publisher = publisher;
        this.config = config.writeback();
        this.backoff = new Backoff(this.config.retryInitialBackoff(), this.config.retryMaxBackoff());
    }

    void start(@Observes StartupEvent event) {
        targets.forEach(WritebackTarget::checkConfiguration);
        running = true;
        thread = new Thread(this::run, "osteon-writeback");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes @Priority(1) ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(10_000);
            if (thread.isAlive()) {
                // A blocking send ignores the interrupt: the lease must not pass on under it.
                lease.holdUntilExpiry();
            }
        }
    }

    private void run() {
        while (running) {
            try {
                if (drainOnce() == 0) {
                    Thread.sleep(config.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database is away: nothing is lost, the rows are still pending.
                LOG.errorf(e, "write-back dispatcher failed; retrying in %s", config.pollInterval());
                sleepQuietly();
            }
        }
    }

    /** Sends every due row once while this replica holds the lease; returns how many were handled. */
    private int drainOnce() {
        if (lease.forSending().isEmpty()) {
            return 0;
        }
        int handled = 0;
        for (OutboxItem item : outbox.due(now(), 50)) {
            // Checked before every send: the lease must outlast this one.
            Optional<LeaseGrant> grant = lease.forSending();
            if (grant.isEmpty()) {
                break;
            }
            try {
                handle(item, grant.get().token());
            } catch (LeaseLostException e) {
                // Another replica has taken over; it sends this row again, and the row id lets the peer
                // recognise the repeat (HL7 MSH-10, FHIR X-Request-ID).
                lease.lost(grant.get());
                break;
            }
            handled++;
        }
        return handled;
    }

    private void handle(OutboxItem item, long fencingToken) {
        Optional<WritebackTarget> target =
                targets.stream().filter(t -> t.handles(item.target())).findFirst();
        Delivery delivery = target.map(t -> t.deliver(item))
                .orElseGet(() -> Delivery.rejected("no enabled target handles " + item.target()));
        int failures = item.attempts() + 1;
        switch (delivery.outcome()) {
            case ACKNOWLEDGED -> outbox.acknowledged(item, delivery.detail(), now(), fencingToken);
            case RETRY -> {
                if (failures >= config.maxAttempts()) {
                    deadLetter(
                            item,
                            target,
                            fencingToken,
                            "WRITEBACK_EXHAUSTED",
                            "gave up after " + failures + " attempts; last: " + delivery.detail());
                } else {
                    LOG.warnf(
                            "write-back %s to %s failed (attempt %d): %s",
                            item.id(), item.target(), failures, delivery.detail());
                    outbox.retryLater(item, delivery.detail(), now().plus(backoff.after(failures)), fencingToken);
                }
            }
            case REJECTED -> deadLetter(item, target, fencingToken, "WRITEBACK_REJECTED", delivery.detail());
        }
    }

    private void deadLetter(
            OutboxItem item, Optional<WritebackTarget> target, long fencingToken, String errorType, String reason) {
        String why = item.target() + ": " + reason;
        LOG.errorf("dead-lettering write-back %s for study %s: %s", item.id(), item.studyKey(), why);
        byte[] payload = target.map(t -> t.describe(item)).orElse(null);
        // A replica whose lease has passed on publishes nothing: the new holder decides this row.
        outbox.checkFence(fencingToken);
        // Published before the row is marked dead: if Kafka is away, the row stays pending and comes back.
        publisher.deadLetter(
                item.studyKey(),
                DeadLetters.letter(STAGE, errorType, why, payload, now()).build());
        outbox.deadLettered(item, why, now(), fencingToken);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(config.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
