package org.osteon.worklist.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osteon.worklist.sim.QueueSimulator.Scenario;
import org.osteon.worklist.sim.QueueSimulator.StudyClass;
import org.osteon.worklist.stats.Percentiles;

class QueueSimulatorTest {

    /** A busy day: two readers slightly below the arrival rate, the model's rates from its report. */
    private static final SimulationSettings BUSY = new SimulationSettings(
            42, 280, 10, 2, 4.5, 0.103, 0.984, 0.928, 0.196, Duration.ofMinutes(60), Duration.ofMinutes(60));

    private final QueueSimulator simulator = new QueueSimulator();

    private static long p(Map<StudyClass, List<Long>> result, StudyClass c, double percentile) {
        return Percentiles.of(result.get(c)).at(percentile);
    }

    @Test
    void shouldReplayTheSameDayFromTheSameSeed() {
        assertThat(simulator.run(BUSY, Scenario.OSTEON_WITH_CAP))
                .isEqualTo(simulator.run(BUSY, Scenario.OSTEON_WITH_CAP));
        assertThat(SimulateMain.summary(BUSY)).isEqualTo(SimulateMain.summary(BUSY));
    }

    @Test
    void shouldReadEveryStudyOnceInEveryScenario() {
        for (Scenario scenario : Scenario.values()) {
            int read = simulator.run(BUSY, scenario).values().stream()
                    .mapToInt(List::size)
                    .sum();
            assertThat(read).as("%s", scenario).isEqualTo(BUSY.arrivals());
        }
    }

    @Test
    void shouldReadFlaggedStudiesSoonerWithOsteonThanWithoutAi() {
        var noAi = simulator.run(BUSY, Scenario.NO_AI);
        var osteon = simulator.run(BUSY, Scenario.OSTEON_NO_CAP);

        assertThat(p(osteon, StudyClass.FLAGGED, 50)).isLessThan(p(noAi, StudyClass.FLAGGED, 50) / 2);
    }

    @Test
    void shouldLowerTheUnflaggedTailWithTheWaitTimeCap() {
        var uncapped = simulator.run(BUSY, Scenario.OSTEON_NO_CAP);
        var capped = simulator.run(BUSY, Scenario.OSTEON_WITH_CAP);

        assertThat(p(capped, StudyClass.UNFLAGGED, 99)).isLessThan(p(uncapped, StudyClass.UNFLAGGED, 99));
    }

    @Test
    void shouldBehaveAsNoCapWhenTheCapIsOff() {
        SimulationSettings off = BUSY.withWaitCap(Duration.ZERO);

        assertThat(simulator.run(off, Scenario.OSTEON_WITH_CAP)).isEqualTo(simulator.run(off, Scenario.OSTEON_NO_CAP));
    }
}
