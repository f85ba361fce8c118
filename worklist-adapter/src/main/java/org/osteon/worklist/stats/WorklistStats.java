package org.osteon.worklist.stats;

import java.util.Collection;
import java.util.Map;
import org.osteon.events.Triage;

/**
 * The figures behind /api/stats.
 *
 * @param studies studies known to the worklist (a row exists)
 * @param outcomes studies with a committed triage decision
 * @param byDecision outcomes by the study's most severe decision; every decision present
 * @param latencyP50 median of per-study latency: first outcome commit minus that decision's gateway receipt
 */
public record WorklistStats(
        long studies, long outcomes, Map<Triage, Long> byDecision, long latencyP50, long latencyP99, long latencyMax) {

    public static WorklistStats of(
            long studies, long outcomes, Map<Triage, Long> byDecision, Collection<Long> latencies) {
        Percentiles percentiles = Percentiles.of(latencies);
        return new WorklistStats(
                studies, outcomes, Map.copyOf(byDecision), percentiles.at(50), percentiles.at(99), percentiles.max());
    }
}
