package org.osteon.worklist.policy;

import java.time.Instant;
import java.util.Comparator;
import java.util.function.Function;
import org.osteon.events.WorklistPriority;

/**
 * Reading order: the highest priority first, and within one priority the study that arrived first,
 * as readers work. WorklistQueries orders the page's rows the same way in SQL, and the queue
 * simulator orders its queue with this comparator, so the simulation runs the real order.
 */
public final class QueueOrder {

    private QueueOrder() {}

    /** The order over any item, given how to read its priority, arrival time and a unique tie-breaker. */
    public static <T> Comparator<T> of(
            Function<T, WorklistPriority> priority, Function<T, Instant> arrivedAt, Function<T, String> id) {
        return Comparator.comparing(priority, Comparator.reverseOrder())
                .thenComparing(arrivedAt)
                .thenComparing(id);
    }
}
