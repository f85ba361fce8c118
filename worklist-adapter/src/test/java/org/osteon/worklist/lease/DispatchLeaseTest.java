package org.osteon.worklist.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osteon.worklist.store.DispatchLeases;
import org.osteon.worklist.store.StoreException;
import org.osteon.worklist.store.TestDatabase;

/** Two replicas' lease keepers on one real PostgreSQL, driven tick by tick. */
class DispatchLeaseTest {

    private static final Duration TTL = Duration.ofMillis(900);
    private static TestDatabase database;

    @BeforeAll
    static void startDatabase() throws Exception {
        database = TestDatabase.start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        database.close();
    }

    private CuttableLeases aLeases;
    private DispatchLease a;
    private DispatchLease b;

    @BeforeEach
    void twoReplicas() throws InterruptedException {
        aLeases = new CuttableLeases();
        a = new DispatchLease(aLeases, TTL, Duration.ZERO, "replica-a");
        b = new DispatchLease(new DispatchLeases(database.jdbc()), TTL, Duration.ZERO, "replica-b");
        // Whatever an earlier test left must have expired.
        Thread.sleep(TTL.toMillis() + 50);
    }

    @Test
    void shouldLetExactlyOneReplicaHoldTheLease() {
        a.renewOrTake();
        b.renewOrTake();
        a.renewOrTake();

        assertThat(a.held()).isTrue();
        assertThat(b.held()).isFalse();
    }

    @Test
    void shouldStopTheCutOffHolderBeforeTheOtherReplicaStarts() throws InterruptedException {
        a.renewOrTake();
        assertThat(a.held()).isTrue();
        aLeases.cut = true;

        long aStopped = 0;
        long bStarted = 0;
        long until = System.nanoTime() + 3 * TTL.toNanos();
        while (bStarted == 0 && System.nanoTime() < until) {
            a.renewOrTake();
            b.renewOrTake();
            if (aStopped == 0 && !a.held()) {
                aStopped = System.nanoTime();
            }
            if (b.held()) {
                bStarted = System.nanoTime();
            }
            Thread.sleep(10);
        }

        assertThat(bStarted).as("the other replica took over").isPositive();
        assertThat(aStopped).as("the cut-off holder stopped first").isPositive().isLessThanOrEqualTo(bStarted);
    }

    @Test
    void shouldOfferNoSendOnceTheLeaseNoLongerOutlastsOne() throws InterruptedException {
        DispatchLease careful =
                new DispatchLease(new DispatchLeases(database.jdbc()), TTL, Duration.ofMillis(600), "replica-c");
        careful.renewOrTake();
        assertThat(careful.forSending()).isPresent();

        Thread.sleep(400);

        assertThat(careful.forSending()).as("less than the send margin is left").isEmpty();
        assertThat(careful.held()).isTrue();
        careful.renewOrTake();
        assertThat(careful.forSending()).as("renewed").isPresent();
    }

    @Test
    void shouldDropTheGrantWhenAnOutcomeFindsItTakenOver() {
        a.renewOrTake();
        LeaseGrant grant = a.forSending().orElseThrow();

        a.lost(grant);

        assertThat(a.held()).isFalse();
    }

    /** Replica a's view of the database, which the test can cut off as a network partition would. */
    private static final class CuttableLeases extends DispatchLeases {
        volatile boolean cut;

        CuttableLeases() {
            super(database.jdbc());
        }

        @Override
        public OptionalLong tryAcquire(String holder, Duration ttl) {
            check();
            return super.tryAcquire(holder, ttl);
        }

        @Override
        public boolean renew(String holder, long token, Duration ttl) {
            check();
            return super.renew(holder, token, ttl);
        }

        private void check() {
            if (cut) {
                throw new StoreException(new java.sql.SQLException("connection refused"));
            }
        }
    }
}
