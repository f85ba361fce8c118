package org.osteon.benchmarks.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackgroundMeterTest {

    @Test
    void readsUserAndSystemTicksAfterANameWithSpacesAndParentheses() {
        String stat = "4242 (C2 Compiler (x)) S 1 1 1 0 -1 4194368 120 0 0 0 317 45 0 0 20 0 1 0 5 0 0";
        assertEquals(362, BackgroundMeter.ticks(stat));
    }

    @Test
    void countsOnlyTheThreadsThatWereNotBusy() {
        // Over 10 s: two bare runs at 0.97 and 0.95 cores, a broker handler at 0.03, a heartbeat at 0.01,
        // and a thread that started during the window at 0.02.
        Map<String, Long> before = Map.of("1", 100L, "2", 200L, "3", 50L, "4", 7L);
        Map<String, Long> after = Map.of("1", 1070L, "2", 1150L, "3", 80L, "4", 17L, "5", 20L);

        assertEquals(0.06, BackgroundMeter.idleShare(before, after, 10), 1e-9);
    }

    @Test
    void readsThisProcessesThreads(@TempDir Path dir) throws Exception {
        Map<String, Long> mine = BackgroundMeter.ticksByThread(Path.of("/proc/self/task"));
        if (Files.isDirectory(Path.of("/proc/self/task"))) {
            assertTrue(mine.size() > 1, "a JVM runs several threads: " + mine);
        }
        assertEquals(Map.of(), BackgroundMeter.ticksByThread(dir.resolve("missing")));
    }
}
