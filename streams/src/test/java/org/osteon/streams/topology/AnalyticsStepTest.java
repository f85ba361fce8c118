package org.osteon.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.events.FeedbackVerdict;
import org.osteon.events.RadiographScored;
import org.osteon.events.Triage;
import org.osteon.events.TriageFeedback;
import org.osteon.events.TriageMetrics;
import org.osteon.events.WorklistPriority;
import org.osteon.events.WorklistPriorityChanged;
import org.osteon.schemas.Provenance;
import org.osteon.schemas.topic.Topics;
import org.osteon.streams.analytics.AnalyticsSettings;
import org.osteon.streams.analytics.TriageGauges;
import org.osteon.streams.deid.Deidentification;

/**
 * The analytics job end to end through the topology: the gate's own decisions feed it, feedback and
 * worklist outcomes are piped in, and windows close as the driver's wall clock moves.
 * {@link TopologyFixture#NOW} (03:04:05) lies in the window [03:04:00, 03:05:00), which closes at 03:05:10.
 */
class AnalyticsStepTest {

    /** A reference of 20 scores and PSI from 10, so a test can fill both. */
    private static final AnalyticsSettings SETTINGS =
            new AnalyticsSettings(Duration.ofMinutes(1), Duration.ofSeconds(10), 20, 10, 0.2);

    private static final Instant NOW = TopologyFixture.NOW;
    private static final Instant NEXT_WINDOW = Instant.parse("2026-01-02T03:05:30Z");

    @TempDir
    Path dir;

    private TopologyFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new TopologyFixture(dir, SETTINGS);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private void score(
            String study, String instance, Instant scoredAt, double probability, double uncertainty, String site) {
        RadiographScored scored = RadiographScored.newBuilder(
                        TopologyFixture.scored(study, instance, scoredAt.minusMillis(500), probability, uncertainty))
                .setSite(site)
                .build();
        fixture.input(Topics.RADIOGRAPH_SCORED).pipeInput(study, scored);
    }

    private void feedback(String study, String aiDecision, FeedbackVerdict verdict, Instant at) {
        feedback(study, aiDecision, verdict, at, "site-a");
    }

    private void feedback(String study, String aiDecision, FeedbackVerdict verdict, Instant at, String site) {
        fixture.input(Topics.TRIAGE_FEEDBACK)
                .pipeInput(
                        study,
                        TriageFeedback.newBuilder()
                                .setEventId("f-" + study + at)
                                .setRecordedAt(at)
                                .setStudyKey(study)
                                .setVerdict(verdict)
                                .setAiDecision(aiDecision)
                                .setModelVersion("9.8.7")
                                .setSite(site)
                                .setReader("dr-test")
                                .setProvenance(Provenance.NOT_FOR_CLINICAL_USE)
                                .build());
    }

    private void worklist(String study, long latencyMillis) {
        fixture.input(Topics.WORKLIST_PRIORITY_CHANGED)
                .pipeInput(
                        study,
                        WorklistPriorityChanged.newBuilder()
                                .setEventId("w-" + study + latencyMillis)
                                .setChangedAt(NOW)
                                .setStudyKey(study)
                                .setPreviousPriority(WorklistPriority.ROUTINE)
                                .setNewPriority(WorklistPriority.STAT)
                                .setDecision(Triage.ESCALATE)
                                .setNeedsReview(false)
                                .setReason("test")
                                .setModelVersion("9.8.7")
                                .setReceivedAt(NOW.minusMillis(latencyMillis))
                                .setLatencyMillis(latencyMillis)
                                .setProvenance(Provenance.NOT_FOR_CLINICAL_USE)
                                .build());
    }

    /** Moves the wall clock and returns what closed, by key. */
    private Map<String, TriageMetrics> advance(Duration by) {
        fixture.driver.advanceWallClockTime(by);
        return fixture.output(Topics.TRIAGE_METRICS).readKeyValuesToList().stream()
                .collect(Collectors.toMap(kv -> kv.key, kv -> kv.value, (a, b) -> {
                    throw new AssertionError("a window was issued twice: " + a + " / " + b);
                }));
    }

    private double gauge(String name, String... tags) {
        return fixture.registry.get(name).tags(tags).gauge().value();
    }

    private double skipped(String topic, String reason) {
        var counter = fixture.registry
                .find(TriageGauges.SKIPPED)
                .tags("topic", topic, "reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldIssueEachWindowOnceWhenItClosesWithItsDecisionCountsAndRates() {
        score("study-1", "img-1", NOW.minusSeconds(1), 0.90, 0.01, "site-a"); // ESCALATE
        score("study-1", "img-2", NOW.minusSeconds(1), 0.05, 0.01, "site-a"); // ROUTINE
        score("study-2", "img-1", NOW.minusSeconds(1), 0.10, 0.50, "site-a"); // REVIEW
        score("study-3", "img-1", NOW.minusSeconds(1), 0.10, 0.01, "site-a"); // ROUTINE

        assertThat(advance(Duration.ofSeconds(60)))
                .as("03:05:05: the window is within its grace")
                .isEmpty();
        Map<String, TriageMetrics> closed = advance(Duration.ofSeconds(5));

        assertThat(closed).containsOnlyKeys("site-a|9.8.7|2026-01-02T03:04:00Z");
        TriageMetrics m = closed.values().iterator().next();
        assertThat(m.getWindowStart()).isEqualTo(Instant.parse("2026-01-02T03:04:00Z"));
        assertThat(m.getWindowEnd()).isEqualTo(Instant.parse("2026-01-02T03:05:00Z"));
        assertThat(m.getSite()).isEqualTo("site-a");
        assertThat(m.getModelVersion()).isEqualTo("9.8.7");
        assertThat(m.getModelName()).isEqualTo("osteon-test");
        assertThat(m.getImagesScored()).isEqualTo(4);
        assertThat(List.of(m.getDecisions(), m.getEscalated(), m.getReview(), m.getRoutine(), m.getNotScored()))
                .containsExactly(4, 1, 1, 2, 0);
        assertThat(m.getEscalationRate()).isEqualTo(0.25);
        assertThat(m.getReviewRate()).isEqualTo(0.25);
        assertThat(m.getScoreBins()).containsExactly(1, 2, 0, 0, 0, 0, 0, 0, 0, 1);
        assertThat(m.getPsi()).as("the reference holds 4 of its 20 scores").isNull();
        assertThat(m.getReferenceScores()).isEqualTo(4);
        assertThat(m.getReference()).isEqualTo("first-20-scores");
        assertThat(m.getDrift()).isFalse();
        assertThat(m.getPpv()).isNull();
        assertThat(m.getReceiptToWorklistP50Millis()).isNull();
        assertThat(m.getProvenance()).isEqualTo(Provenance.NOT_FOR_CLINICAL_USE);

        assertThat(gauge(TriageGauges.ESCALATION_RATE, "site", "site-a", "model", "9.8.7"))
                .isEqualTo(0.25);
        assertThat(gauge(TriageGauges.PSI, "site", "site-a", "model", "9.8.7")).isNaN();
        assertThat(advance(Duration.ofMinutes(5)))
                .as("a closed window is forgotten, not issued again")
                .isEmpty();
    }

    @Test
    void shouldFlagDriftAgainstTheFirstScoresOfTheSeries() {
        // The reference: two scores in each tenth.
        for (int i = 0; i < 20; i++) {
            score("study-r" + i, "img", NOW.minusSeconds(1), (i % 10) / 10.0 + 0.05, 0.01, "site-a");
        }
        TriageMetrics first = advance(Duration.ofSeconds(65)).get("site-a|9.8.7|2026-01-02T03:04:00Z");
        assertThat(first.getReferenceScores()).isEqualTo(20);
        assertThat(first.getPsi()).as("the reference window against itself").isCloseTo(0.0, within(1e-12));
        assertThat(first.getDrift()).isFalse();

        // The next window: every score in the top tenth.
        for (int i = 0; i < 10; i++) {
            score("study-d" + i, "img", NEXT_WINDOW, 0.97, 0.01, "site-a");
        }
        TriageMetrics drifted = advance(Duration.ofSeconds(61)).get("site-a|9.8.7|2026-01-02T03:05:00Z");
        assertThat(drifted.getImagesScored()).isEqualTo(10);
        assertThat(drifted.getReferenceBins()).containsExactly(2, 2, 2, 2, 2, 2, 2, 2, 2, 2);
        assertThat(drifted.getReferenceScores())
                .as("the reference is frozen once full")
                .isEqualTo(20);
        // Nine bins at epsilon against 0.1, one at 1.0 against 0.1.
        double expected = 9 * (1e-4 - 0.1) * Math.log(1e-4 / 0.1) + (1.0 - 0.1) * Math.log(1.0 / 0.1);
        assertThat(drifted.getPsi()).isCloseTo(expected, within(1e-9));
        assertThat(drifted.getDrift()).isTrue();
        assertThat(drifted.getPsiDriftThreshold()).isEqualTo(0.2);
        assertThat(gauge(TriageGauges.PSI, "site", "site-a", "model", "9.8.7")).isCloseTo(expected, within(1e-9));
        // The gate stamps its decisions with its own (fixed) clock, in the first window, closed by now.
        assertThat(drifted.getDecisions()).isZero();
        assertThat(skipped(Topics.TRIAGE_DECISION.name(), "late")).isEqualTo(10);
    }

    @Test
    void shouldLeavePsiUndefinedForAWindowWithTooFewScores() {
        for (int i = 0; i < 20; i++) {
            score("study-r" + i, "img", NOW.minusSeconds(1), 0.05, 0.01, "site-a");
        }
        advance(Duration.ofSeconds(65));
        for (int i = 0; i < 9; i++) {
            score("study-d" + i, "img", NEXT_WINDOW, 0.97, 0.01, "site-a");
        }
        TriageMetrics few = advance(Duration.ofSeconds(61)).get("site-a|9.8.7|2026-01-02T03:05:00Z");
        assertThat(few.getImagesScored()).isEqualTo(9);
        assertThat(few.getPsi()).as("9 scores < psi-min-scores 10").isNull();
        assertThat(few.getDrift()).isFalse();
    }

    @Test
    void shouldComputePpvAndSensitivityPerWindowAndCumulatively() {
        feedback("study-1", "ESCALATE", FeedbackVerdict.CONFIRM, NOW);
        feedback("study-2", "ESCALATE", FeedbackVerdict.CONFIRM, NOW);
        feedback("study-3", "ESCALATE", FeedbackVerdict.REJECT, NOW);
        feedback("study-4", "ROUTINE", FeedbackVerdict.REJECT, NOW);
        feedback("study-5", "REVIEW", FeedbackVerdict.CONFIRM, NOW);
        feedback("study-6", "WHATEVER", FeedbackVerdict.CONFIRM, NOW);
        TriageMetrics first = advance(Duration.ofSeconds(65)).get("site-a|9.8.7|2026-01-02T03:04:00Z");
        assertThat(List.of(
                        first.getTruePositives(),
                        first.getFalsePositives(),
                        first.getFalseNegatives(),
                        first.getTrueNegatives()))
                .containsExactly(2, 1, 1, 1);
        assertThat(first.getPpv()).isEqualTo(2.0 / 3);
        assertThat(first.getSensitivity()).isEqualTo(2.0 / 3);
        assertThat(first.getCumulativePpv()).isEqualTo(2.0 / 3);
        assertThat(first.getDecisions()).isZero();
        assertThat(first.getEscalationRate())
                .as("no decision: undefined, not 0")
                .isNull();
        assertThat(skipped(Topics.TRIAGE_FEEDBACK.name(), "unknown-decision")).isEqualTo(1);

        // Late for its window, but still ground truth for the cumulative figures.
        feedback("study-7", "ESCALATE", FeedbackVerdict.CONFIRM, NOW);
        feedback("study-8", "ESCALATE", FeedbackVerdict.CONFIRM, NEXT_WINDOW);
        TriageMetrics second = advance(Duration.ofSeconds(61)).get("site-a|9.8.7|2026-01-02T03:05:00Z");
        assertThat(second.getTruePositives()).isEqualTo(1);
        assertThat(second.getPpv()).isEqualTo(1.0);
        assertThat(second.getSensitivity()).isEqualTo(1.0);
        assertThat(List.of(
                        second.getCumulativeTruePositives(),
                        second.getCumulativeFalsePositives(),
                        second.getCumulativeFalseNegatives(),
                        second.getCumulativeTrueNegatives()))
                .containsExactly(4, 1, 1, 1);
        assertThat(second.getCumulativePpv()).isEqualTo(0.8);
        assertThat(second.getCumulativeSensitivity()).isEqualTo(0.8);
        assertThat(skipped(Topics.TRIAGE_FEEDBACK.name(), "late")).isEqualTo(1);
        assertThat(gauge(TriageGauges.SENSITIVITY, "site", "site-a", "model", "9.8.7", "scope", "cumulative"))
                .isEqualTo(0.8);
        assertThat(gauge(TriageGauges.SENSITIVITY, "site", "site-a", "model", "9.8.7", "scope", "window"))
                .isEqualTo(1.0);
    }

    @Test
    void shouldTakeLatencyAndSitelessFeedbackUnderTheSiteOfTheStudysDecisions() {
        score("study-b", "img-1", NOW.minusSeconds(1), 0.90, 0.01, "site-b");
        feedback("study-b", "ESCALATE", FeedbackVerdict.CONFIRM, NOW, null);
        worklist("study-b", 1000);
        worklist("study-b", 3000);
        worklist("study-b", 2000);
        worklist("study-unseen", 800);

        Map<String, TriageMetrics> closed = advance(Duration.ofSeconds(65));
        TriageMetrics siteB = closed.get("site-b|9.8.7|2026-01-02T03:04:00Z");
        assertThat(siteB.getWorklistChanges()).isEqualTo(3);
        assertThat(siteB.getReceiptToWorklistP50Millis()).isEqualTo(2000);
        assertThat(siteB.getReceiptToWorklistP90Millis()).isEqualTo(3000);
        assertThat(siteB.getReceiptToWorklistP99Millis()).isEqualTo(3000);
        assertThat(siteB.getEscalated()).isEqualTo(1);
        assertThat(siteB.getTruePositives())
                .as("feedback without a site takes its study's")
                .isEqualTo(1);
        assertThat(closed.get("unknown|9.8.7|2026-01-02T03:04:00Z").getReceiptToWorklistP50Millis())
                .isEqualTo(800);
        assertThat(gauge(TriageGauges.RECEIPT_TO_WORKLIST, "site", "site-b", "model", "9.8.7", "percentile", "50"))
                .isEqualTo(2.0);
    }

    @Test
    void shouldSkipAndCountAnUndecodableFeedbackWithoutStopping() {
        fixture.rawInput(Topics.TRIAGE_FEEDBACK).pipeInput("study-x", "garbage".getBytes(StandardCharsets.UTF_8));
        feedback("study-y", "ESCALATE", FeedbackVerdict.CONFIRM, NOW);

        assertThat(skipped(Topics.TRIAGE_FEEDBACK.name(), "undecodable")).isEqualTo(1);
        assertThat(advance(Duration.ofSeconds(65))).hasSize(1);
        assertThat(fixture.output(Topics.DEAD_LETTER).isEmpty()).isTrue();
    }

    @Test
    void shouldShareTheGateSourceAndLeaveItWhenAnalyticsAreOff() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Deidentification deid =
                new Deidentification(TopologyFixture.PSEUDONYMIZER, dir.resolve("p"), dir.resolve("r"), clock);
        TopologyDescription on = new TopologyProducer(
                        deid,
                        clock,
                        new AnalyticsStep(SETTINGS, new TriageGauges(fixture.registry), Duration.ofDays(7)))
                .topology()
                .describe();
        TopologyDescription off = new TopologyProducer(deid, clock, (AnalyticsStep) null)
                .topology()
                .describe();

        Map<String, TopologyDescription.Node> nodesOn = nodes(on);
        assertThat(nodesOn.get(GateStep.SCORED).predecessors())
                .extracting(TopologyDescription.Node::name)
                .containsExactly(AnalyticsStep.SCORED_SOURCE);
        assertThat(on.toString()).contains(AnalyticsStep.BY_SERIES + "-repartition");

        Map<String, TopologyDescription.Node> nodesOff = nodes(off);
        assertThat(nodesOff).doesNotContainKeys(AnalyticsStep.OBSERVE, AnalyticsStep.AGGREGATE);
        assertThat(nodesOff.get(GateStep.SCORED).predecessors())
                .extracting(TopologyDescription.Node::name)
                .containsExactly(GateStep.SCORED_SOURCE);
    }

    private static Map<String, TopologyDescription.Node> nodes(TopologyDescription description) {
        return description.subtopologies().stream()
                .flatMap(s -> s.nodes().stream())
                .collect(Collectors.toMap(TopologyDescription.Node::name, Function.identity()));
    }
}
