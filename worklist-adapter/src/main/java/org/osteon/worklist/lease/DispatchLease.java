package org.osteon.worklist.lease;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.osteon.worklist.config.WorklistConfig;
import org.osteon.worklist.store.DispatchLeases;

/**
 * This replica's claim on the write-back lease. Every replica serves the page and the API and
 * consumes its share of the partitions; only the holder of this lease sends write-backs and runs the
 * wait-cap sweep. A background thread renews it every third of its time to live, or tries to take
 * it when it is free, so a slow send never delays a renewal.
 */
@ApplicationScoped
public class DispatchLease {

    private static final Logger LOG = Logger.getLogger(DispatchLease.class);

    private final DispatchLeases leases;
    private final Duration ttl;
    private final long sendMarginNanos;
    private final String holder;
    private volatile LeaseGrant grant;
    private volatile boolean holdAtShutdown;
    private ScheduledExecutorService renewer;

    @Inject
    DispatchLease(DispatchLeases leases, WorklistConfig config) {
        this(leases, config.writeback().lease().ttl(), SendMargin.of(config), holderName());
    }

    DispatchLease(DispatchLeases leases, Duration ttl, Duration sendMargin, String holder) {
        this.leases = leases;
        this.ttl = ttl;
        this.sendMarginNanos = sendMargin.toNanos();
        this.holder = holder;
    }

    void start(@Observes StartupEvent event) {
        // After a renewal the lease must still outlast a send when the next renewal is due.
        if (ttl.toNanos() * 2 <= 3 * sendMarginNanos) {
            throw new IllegalStateException("osteon.writeback.lease.ttl (" + ttl + ") must exceed 1.5 times the"
                    + " longest write-back send (" + Duration.ofNanos(sendMarginNanos)
                    + ": four times the longest of the hl7, fhir, ups and webhook timeouts)");
        }
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "osteon-dispatch-lease");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, ttl.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renewOrTake, 0, period, TimeUnit.MILLISECONDS);
    }

    // After the dispatcher (priority 1) has stopped sending: only then may another replica take over.
    void stop(@Observes @Priority(2) ShutdownEvent event) throws InterruptedException {
        if (renewer != null) {
            renewer.shutdownNow();
            renewer.awaitTermination(5, TimeUnit.SECONDS);
        }
        LeaseGrant held;
        synchronized (this) {
            held = grant;
            grant = null;
        }
        if (held != null && holdAtShutdown) {
            LOG.infof(
                    "keeping the write-back lease (token %d) until it expires: a send may still be running",
                    held.token());
        } else if (held != null) {
            try {
                leases.release(holder, held.token());
                LOG.infof("released the write-back lease (token %d)", held.token());
            } catch (RuntimeException e) {
                LOG.warnf("could not release the write-back lease; it expires in %s: %s", ttl, e.getMessage());
            }
        }
    }

    /**
     * The grant to start one more send under: present only while it outlasts the longest send
     * timeout, so the send ends before another replica can take the lease.
     */
    public Optional<LeaseGrant> forSending() {
        LeaseGrant held = grant;
        return held != null && held.lastsAnother(sendMarginNanos) ? Optional.of(held) : Optional.empty();
    }

    /** True while this replica holds the lease at all (the sweep takes no time to speak of). */
    public boolean held() {
        LeaseGrant held = grant;
        return held != null && held.lastsAnother(0);
    }

    /** An outcome was refused under {@code lost}'s token: another replica has taken over. */
    public synchronized void lost(LeaseGrant lost) {
        LeaseGrant held = grant;
        // By token, not identity: a renewal replaces the grant but keeps the token.
        if (held != null && held.token() == lost.token()) {
            grant = null;
            LOG.warnf("the write-back lease (token %d) was taken over by another replica", lost.token());
        }
    }

    /**
     * A send may still be running at shutdown: keep the lease until it expires by itself rather than
     * release it, so no other replica starts while it might still reach the RIS.
     */
    public void holdUntilExpiry() {
        holdAtShutdown = true;
    }

    public String holder() {
        return holder;
    }

    void renewOrTake() {
        long sentAt = System.nanoTime();
        try {
            LeaseGrant held = grant;
            if (held != null) {
                if (leases.renew(holder, held.token(), ttl)) {
                    replace(held, new LeaseGrant(held.token(), sentAt + ttl.toNanos()));
                    return;
                }
                lost(held);
            }
            OptionalLong token = leases.tryAcquire(holder, ttl);
            if (token.isPresent() && replace(null, new LeaseGrant(token.getAsLong(), sentAt + ttl.toNanos()))) {
                LOG.infof("took the write-back lease (token %d) as %s", token.getAsLong(), holder);
            }
        } catch (RuntimeException e) {
            // The grant, if any, runs out by itself: nothing is sent once its deadline is near.
            LOG.warnf("cannot renew or take the write-back lease: %s", e.getMessage());
        }
    }

    /** Sets the grant unless it changed meanwhile (lost, or stopped at shutdown). */
    private synchronized boolean replace(LeaseGrant expected, LeaseGrant next) {
        if (grant != expected || (renewer != null && renewer.isShutdown())) {
            return false;
        }
        grant = next;
        return true;
    }

    private static String holderName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        String pid = Long.toString(ProcessHandle.current().pid());
        // The random part keeps a restarted process with a reused pid (a container's pid 1) distinct.
        return host + "/" + pid + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
