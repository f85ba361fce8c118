package org.osteon.worklist.fanout;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.osteon.worklist.publish.AlertRaised;
import org.osteon.worklist.publish.RowChanged;
import org.osteon.worklist.rest.SseHub;
import org.osteon.worklist.store.ChangeChannel;
import org.osteon.worklist.store.ChangeChannel.Change;
import org.osteon.worklist.store.WorklistQueries;

/**
 * Shows every committed change on every replica's open pages, whichever replica committed it: a
 * change is announced through PostgreSQL (ChangeChannel), and each replica's listener reads the row
 * or alert back and sends it to its own streams. One path for one replica or many.
 */
@ApplicationScoped
class ChangeFeed {

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RECONNECT = Duration.ofSeconds(1);

    private final ChangeChannel channel;
    private final WorklistQueries queries;
    private final SseHub hub;
    private volatile boolean running;
    private Thread listener;

    ChangeFeed(ChangeChannel channel, WorklistQueries queries, SseHub hub) {
        this.channel = channel;
        this.queries = queries;
        this.hub = hub;
    }

    void onChange(@Observes RowChanged change) {
        try {
            channel.announceRow(change.row().studyKey());
        } catch (RuntimeException e) {
            // The database is away: the other replicas cannot read the row either; this page still sees it.
            LOG.warnf("cannot announce a changed row to the other replicas: %s", e.getMessage());
            hub.sendRow(change.row());
        }
    }

    void onAlert(@Observes AlertRaised raised) {
        try {
            channel.announceAlert(raised.alert().id());
        } catch (RuntimeException e) {
            LOG.warnf("cannot announce an alert to the other replicas: %s", e.getMessage());
            hub.sendAlert(raised.alert());
        }
    }

    void start(@Observes StartupEvent event) {
        running = true;
        listener = new Thread(this::listen, "osteon-change-feed");
        listener.setDaemon(true);
        listener.start();
    }

    void stop(@Observes @Priority(1) ShutdownEvent event) throws InterruptedException {
        running = false;
        if (listener != null) {
            listener.join(POLL.toMillis() * 4);
        }
    }

    private void listen() {
        boolean missed = false;
        while (running) {
            boolean reconnected = missed;
            try {
                channel.listen(
                        () -> {
                            if (reconnected) {
                                // Changes committed while we were not listening were never seen here.
                                LOG.info("listening for worklist changes again; open pages reload");
                                hub.closeAll();
                            }
                        },
                        this::show,
                        () -> running,
                        POLL);
            } catch (RuntimeException e) {
                LOG.warnf(
                        "worklist change feed lost its database connection; retrying in %s: %s",
                        RECONNECT, e.getMessage());
                missed = true;
                sleep(RECONNECT);
            }
        }
    }

    private void show(Change change) {
        try {
            switch (change.kind()) {
                case ROW -> queries.find(change.key()).ifPresent(hub::sendRow);
                case ALERT -> queries.alert(change.key()).ifPresent(hub::sendAlert);
            }
        } catch (RuntimeException e) {
            // The change would be missing from every open page: make them reconnect and reload instead.
            LOG.warnf("cannot read back an announced %s change; open pages reload: %s", change.kind(), e.getMessage());
            hub.closeAll();
        }
    }

    private void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
