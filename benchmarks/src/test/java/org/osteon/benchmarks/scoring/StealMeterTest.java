package org.osteon.benchmarks.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StealMeterTest {

    @Test
    void readsTheStealColumnOfTheAggregateLine(@TempDir Path dir) throws Exception {
        Path stat = Files.writeString(
                dir.resolve("stat"), "cpu  4705 356 584 3699 23 0 14 837 0 0\ncpu0 2352 178 292 1849 11 0 7 418 0 0\n");
        assertEquals(837, StealMeter.stealTicks(stat));
    }

    @Test
    void saysUnknownWithoutAStealColumnOrFile(@TempDir Path dir) throws Exception {
        // Kernels before 2.6.11 print seven values; other systems have no /proc/stat at all.
        Path old = Files.writeString(dir.resolve("stat"), "cpu  4705 356 584 3699 23 0 14\n");
        assertEquals(-1, StealMeter.stealTicks(old));
        assertEquals(-1, StealMeter.stealTicks(dir.resolve("missing")));
        assertEquals("null", StealMeter.json(OptionalDouble.empty()));
    }

    @Test
    void measuresNoMoreThanTheMachinesCores() throws Exception {
        StealMeter meter = StealMeter.start();
        Thread.sleep(50);
        OptionalDouble cores = meter.cores();
        if (cores.isPresent()) {
            // /proc/stat counts the whole machine's CPUs, which a container may see only some of.
            long cpus = Files.readAllLines(Path.of("/proc/stat")).stream()
                    .filter(l -> l.matches("cpu\\d+ .*"))
                    .count();
            assertTrue(cores.getAsDouble() >= 0 && cores.getAsDouble() <= cpus, "steal " + cores.getAsDouble());
        }
        assertEquals("0.125", StealMeter.json(OptionalDouble.of(0.1249)));
    }
}
