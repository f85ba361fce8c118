package org.osteon.worklist.lease;

/**
 * A held lease: the fencing token to record outcomes under, and the {@link System#nanoTime()} by
 * which this replica stops acting on it. The deadline counts from before the renewal was sent, so it
 * falls no later than the expiry the database recorded: this replica stops before another can start.
 */
public record LeaseGrant(long token, long deadlineNanos) {

    /** True while at least {@code marginNanos} of the lease remain. */
    public boolean lastsAnother(long marginNanos) {
        return deadlineNanos - System.nanoTime() > marginNanos;
    }
}
