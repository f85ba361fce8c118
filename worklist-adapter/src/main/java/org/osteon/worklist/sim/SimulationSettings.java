package org.osteon.worklist.sim;

import java.time.Duration;

/**
 * One synthetic reading day.
 *
 * @param seed seeds every random draw; the same settings give the same day
 * @param arrivals studies arriving over the working hours (Poisson process)
 * @param workingHours hours over which studies arrive; readers keep reading until the queue is empty
 * @param readers radiologists reading in parallel
 * @param meanReadMinutes mean of the exponential reading time per study
 * @param prevalence share of malignant studies
 * @param sensitivity share of malignant studies the model escalates
 * @param specificity share of non-malignant studies the model does not escalate
 * @param reviewRate share of studies the model abstains on (review lane)
 * @param waitCap the wait-time cap of the "with cap" scenario
 * @param reviewDeadline the review lane's deadline in both Osteon scenarios
 */
public record SimulationSettings(
        long seed,
        int arrivals,
        double workingHours,
        int readers,
        double meanReadMinutes,
        double prevalence,
        double sensitivity,
        double specificity,
        double reviewRate,
        Duration waitCap,
        Duration reviewDeadline) {

    public SimulationSettings {
        if (arrivals < 1 || readers < 1 || workingHours <= 0 || meanReadMinutes <= 0) {
            throw new IllegalArgumentException("arrivals, readers, working hours and reading time must be positive");
        }
        for (double p : new double[] {prevalence, sensitivity, specificity, reviewRate}) {
            if (p < 0 || p > 1) {
                throw new IllegalArgumentException("rates must be in [0, 1]: " + p);
            }
        }
    }

    public SimulationSettings withWaitCap(Duration cap) {
        return new SimulationSettings(
                seed,
                arrivals,
                workingHours,
                readers,
                meanReadMinutes,
                prevalence,
                sensitivity,
                specificity,
                reviewRate,
                cap,
                reviewDeadline);
    }
}
