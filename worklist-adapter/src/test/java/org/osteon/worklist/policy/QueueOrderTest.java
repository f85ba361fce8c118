package org.osteon.worklist.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osteon.events.WorklistPriority;

class QueueOrderTest {

    record Item(String id, WorklistPriority priority, Instant arrivedAt) {}

    @Test
    void shouldReadTheHighestPriorityFirstThenTheOldest() {
        Instant t = Instant.parse("2026-01-01T08:00:00Z");
        Item oldRoutine = new Item("a", WorklistPriority.ROUTINE, t);
        Item newUrgent = new Item("b", WorklistPriority.URGENT, t.plusSeconds(600));
        Item oldUrgent = new Item("c", WorklistPriority.URGENT, t.plusSeconds(60));
        Item stat = new Item("d", WorklistPriority.STAT, t.plusSeconds(900));
        List<Item> queue = new ArrayList<>(List.of(oldRoutine, newUrgent, oldUrgent, stat));

        queue.sort(QueueOrder.of(Item::priority, Item::arrivedAt, Item::id));

        assertThat(queue).containsExactly(stat, oldUrgent, newUrgent, oldRoutine);
    }
}
