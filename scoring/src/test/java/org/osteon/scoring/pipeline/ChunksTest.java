package org.osteon.scoring.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChunksTest {

    private final ExecutorService threads = Executors.newFixedThreadPool(3);
    private final AtomicInteger tasks = new AtomicInteger();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private void counted(Runnable task) {
        tasks.incrementAndGet();
        threads.execute(task);
    }

    @Test
    void shouldHandEachThreadOneChunkAndKeepTheItemsOrder() {
        List<Integer> items = IntStream.range(0, 8).boxed().toList();
        Set<String> ranOn = ConcurrentHashMap.newKeySet();

        List<Integer> out = Chunks.map(
                        items,
                        3,
                        i -> {
                            ranOn.add(Thread.currentThread().getName());
                            return i * 10;
                        },
                        this::counted)
                .join();

        assertThat(out).containsExactly(0, 10, 20, 30, 40, 50, 60, 70);
        assertThat(tasks).as("one task per thread, not per item").hasValue(3);
        assertThat(ranOn).isNotEmpty().allMatch(name -> name.startsWith("pool-"));
    }

    @Test
    void shouldUseOneTaskPerItemWhenTheBatchIsSmallerThanThePool() {
        assertThat(Chunks.map(List.of("a", "b"), 3, String::toUpperCase, this::counted)
                        .join())
                .containsExactly("A", "B");
        assertThat(tasks).hasValue(2);
    }

    @Test
    void shouldCompleteAnEmptyBatchWithAnEmptyList() {
        assertThat(Chunks.map(List.<String>of(), 3, String::length, this::counted)
                        .join())
                .isEmpty();
    }

    @Test
    void shouldKeepNullResultsInTheirPlace() {
        assertThat(Chunks.map(List.of(1, 2, 3, 4), 2, i -> i % 2 == 0 ? null : i, this::counted)
                        .join())
                .containsExactly(1, null, 3, null);
    }
}
