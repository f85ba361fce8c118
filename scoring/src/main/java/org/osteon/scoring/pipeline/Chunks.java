package org.osteon.scoring.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Maps a batch's items on a pool in at most as many contiguous chunks as the pool has threads, one task
 * per chunk, results in the items' order. The parallelism is the same as with a task per item, with
 * fewer hand-offs: whoever waits for the batch wakes once per chunk rather than once per image, and
 * each wake-up on the cores ONNX Runtime keeps busy preempts an inference thread.
 */
final class Chunks {

    private Chunks() {}

    static <T, R> CompletableFuture<List<R>> map(List<T> items, int threads, Function<T, R> f, Executor pool) {
        int n = items.size();
        int chunks = Math.max(1, Math.min(n, threads));
        List<CompletableFuture<List<R>>> parts = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            List<T> chunk = items.subList(c * n / chunks, (c + 1) * n / chunks);
            parts.add(CompletableFuture.supplyAsync(() -> chunk.stream().map(f).toList(), pool));
        }
        return concat(parts);
    }

    /** The parts' lists one after another, once every part is done. */
    static <R> CompletableFuture<List<R>> concat(List<CompletableFuture<List<R>>> parts) {
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(done ->
                        parts.stream().flatMap(part -> part.join().stream()).toList());
    }
}
