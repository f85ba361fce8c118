package org.osteon.worklist.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lease row against a real PostgreSQL: one holder, expiry by the database's clock, fencing. */
class DispatchLeasesTest {

    private static final Duration TTL = Duration.ofMillis(400);
    private static TestDatabase database;
    private DispatchLeases leases;

    @BeforeAll
    static void startDatabase() throws Exception {
        database = TestDatabase.start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        database.close();
    }

    @BeforeEach
    void freeLease() {
        leases = new DispatchLeases(database.jdbc());
        database.jdbc()
                .inTransaction(c -> Jdbc.update(
                        c,
                        "UPDATE dispatch_lease SET holder = NULL, expires_at = '-infinity' WHERE name = 'writeback'"));
    }

    @Test
    void shouldGrantTheLeaseToOneHolderAtATime() {
        long token = leases.tryAcquire("a", TTL).orElseThrow();

        assertThat(leases.tryAcquire("b", TTL)).isEmpty();
        assertThat(leases.renew("a", token, TTL)).isTrue();
        assertThat(leases.currentHolder()).contains("a");
    }

    @Test
    void shouldPassTheLeaseOnOnlyAfterItExpiredWithANewToken() throws InterruptedException {
        long first = leases.tryAcquire("a", TTL).orElseThrow();

        Thread.sleep(TTL.toMillis() + 100);
        long second = leases.tryAcquire("b", TTL).orElseThrow();

        assertThat(second).isGreaterThan(first);
        assertThat(leases.renew("a", first, TTL))
                .as("the old holder cannot renew")
                .isFalse();
        assertThat(leases.currentHolder()).contains("b");
    }

    @Test
    void shouldLetAnotherTakeOverAtOnceAfterARelease() {
        long token = leases.tryAcquire("a", Duration.ofMinutes(1)).orElseThrow();

        leases.release("a", token);

        assertThat(leases.tryAcquire("b", TTL)).isPresent();
    }

    @Test
    void shouldRefuseAnOutcomeUnderAStaleTokenAndRollItBack() throws InterruptedException {
        long first = leases.tryAcquire("a", TTL).orElseThrow();
        Thread.sleep(TTL.toMillis() + 100);
        leases.tryAcquire("b", TTL).orElseThrow();

        assertThatThrownBy(() -> database.jdbc().inTransaction(c -> {
                    Jdbc.update(c, "UPDATE dispatch_lease SET holder = 'written' WHERE name = 'writeback'");
                    DispatchLeases.fence(c, first);
                    return null;
                }))
                .isInstanceOf(LeaseLostException.class);
        assertThat(leases.currentHolder()).contains("b");
    }

    @Test
    void shouldHoldOffATakeoverWhileAnOutcomeIsBeingRecorded() throws Exception {
        long token = leases.tryAcquire("a", TTL).orElseThrow();
        Thread.sleep(TTL.toMillis() + 100);
        CountDownLatch fenced = new CountDownLatch(1);
        CompletableFuture<Long> outcomeCommitted =
                CompletableFuture.supplyAsync(() -> database.jdbc().inTransaction(c -> {
                    DispatchLeases.fence(c, token);
                    fenced.countDown();
                    sleep(500);
                    return System.nanoTime();
                }));
        assertThat(fenced.await(5, TimeUnit.SECONDS)).isTrue();

        leases.tryAcquire("b", TTL).orElseThrow();
        long takenOver = System.nanoTime();

        assertThat(outcomeCommitted.get(5, TimeUnit.SECONDS))
                .as("the takeover waits for the outcome recorded under the old token")
                .isLessThan(takenOver);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
