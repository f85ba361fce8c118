package org.osteon.worklist.aging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.osteon.worklist.config.WorklistConfig;
import org.osteon.worklist.lease.DispatchLease;
import org.osteon.worklist.publish.RowChanged;
import org.osteon.worklist.store.WorklistRow;
import org.osteon.worklist.store.WorklistStore;

/**
 * Anti-starvation: every {@code osteon.worklist.wait-cap-sweep} it lets the policy promote the
 * studies that waited past the wait-time cap or their review deadline, and shows them on open pages.
 * Only the replica holding the {@link DispatchLease} sweeps; each promotion is idempotent anyway (a row
 * lock and a change key per study), so an overlap at a takeover promotes nothing twice.
 */
@ApplicationScoped
class WaitCapSweeper {

    private static final Logger LOG = Logger.getLogger(WaitCapSweeper.class);

    private final WorklistStore store;
    private final Event<RowChanged> changes;
    private final WorklistConfig.Worklist config;
    private final DispatchLease lease;
    private ScheduledExecutorService scheduler;

    WaitCapSweeper(WorklistStore store, Event<RowChanged> changes, WorklistConfig config, DispatchLease lease) {
        this.lease = lease;
        this.store = store;
        this.changes = changes;
        this.config = config.worklist();
    }

    void start(@Observes StartupEvent event) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "osteon-wait-cap");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, config.waitCapSweep().toMillis());
        scheduler.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    void sweep() {
        if (!lease.held()) {
            return;
        }
        try {
            for (WorklistRow row : store.promoteWaiting()) {
                LOG.infof("study %s promoted to %s by the wait-time cap", row.studyKey(), row.priority());
                changes.fire(new RowChanged(row));
            }
        } catch (RuntimeException e) {
            // The next sweep tries again; a promotion is never lost, only late.
            LOG.errorf(e, "wait-time cap sweep failed");
        }
    }

    void stop(@Observes @Priority(1) ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
