package org.osteon.streams.analytics;

import java.time.Duration;
import org.osteon.streams.config.StreamsConfig;

/**
 * The analytics job's settings, checked again here so a test or a caller that bypasses the validated
 * configuration still cannot build a job with a window of zero or a baseline of no scores.
 *
 * @param window       tumbling window length
 * @param grace        how long after its end a window still takes late records before it is closed and issued
 * @param psiBaselineSize scores of a series that form its PSI reference
 * @param psiMinScores scores a window needs before its PSI is computed
 * @param psiDriftThreshold PSI at or above which a window is flagged as drifted
 */
public record AnalyticsSettings(
        Duration window, Duration grace, int psiBaselineSize, int psiMinScores, double psiDriftThreshold) {

    /** The defaults of {@link StreamsConfig.Analytics}. */
    public static final AnalyticsSettings DEFAULTS =
            new AnalyticsSettings(Duration.ofMinutes(1), Duration.ofSeconds(10), 500, 100, 0.2);

    public AnalyticsSettings {
        if (window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("analytics window must be at least a second, got " + window);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("analytics grace must not be negative, got " + grace);
        }
        if (psiBaselineSize < 1 || psiMinScores < 1) {
            throw new IllegalArgumentException("PSI baseline size and minimum scores must be positive");
        }
        if (!(psiDriftThreshold > 0)) {
            throw new IllegalArgumentException("PSI drift threshold must be positive, got " + psiDriftThreshold);
        }
    }

    public static AnalyticsSettings of(StreamsConfig.Analytics config) {
        return new AnalyticsSettings(
                config.window(),
                config.grace(),
                config.psiBaselineSize(),
                config.psiMinScores(),
                config.psiDriftThreshold());
    }

    /** Start of the window holding an event time. */
    public long windowStart(long eventMillis) {
        long size = window.toMillis();
        return Math.floorDiv(eventMillis, size) * size;
    }

    /** When a window starting there is closed: its end plus the grace. */
    public long closesAt(long windowStartMillis) {
        return windowStartMillis + window.toMillis() + grace.toMillis();
    }

    /** How the reference is named in each record. */
    public String referenceName() {
        return "first-" + psiBaselineSize + "-scores";
    }
}
