package org.osteon.worklist.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.osteon.events.Triage;
import org.osteon.worklist.policy.QueueOrder;
import org.osteon.worklist.policy.ReprioritizationPolicy;
import org.osteon.worklist.policy.StudyState;

/**
 * A discrete-event simulation of one reading day, in the spirit of the FDA's QuCAD simulator. Readers
 * always take the head of the queue as the real {@link QueueOrder} orders it, after the real
 * {@link ReprioritizationPolicy} applied each study's decision, the wait-time cap and the review
 * deadline. Every scenario replays the same day (common random numbers), so differences come from
 * the policy alone.
 */
public final class QueueSimulator {

    /** How the queue is run. */
    public enum Scenario {
        /** No AI: first in, first out. */
        NO_AI,
        /** Osteon's policy and review deadline, no wait-time cap. */
        OSTEON_NO_CAP,
        /** Osteon's policy, review deadline and wait-time cap. */
        OSTEON_WITH_CAP
    }

    /** Turnaround class of a study: what the model said about it. */
    public enum StudyClass {
        FLAGGED,
        UNFLAGGED,
        REVIEW
    }

    /** One synthetic study: when it arrives, what the model decides, how long it takes to read. */
    record Study(String id, Instant arrivedAt, Triage decision, Duration readTime) {

        StudyClass studyClass() {
            return switch (decision) {
                case ESCALATE -> StudyClass.FLAGGED;
                case REVIEW -> StudyClass.REVIEW;
                default -> StudyClass.UNFLAGGED;
            };
        }
    }

    private static final Instant DAY_START = Instant.parse("2026-01-05T08:00:00Z");

    private final ReprioritizationPolicy policy = new ReprioritizationPolicy();

    /** The day's studies, drawn from the seed. */
    static List<Study> day(SimulationSettings settings) {
        SplittableRandom random = new SplittableRandom(settings.seed());
        double meanGapSeconds = settings.workingHours() * 3600 / settings.arrivals();
        List<Study> studies = new ArrayList<>();
        double t = 0;
        for (int i = 0; i < settings.arrivals(); i++) {
            t += -Math.log(1 - random.nextDouble()) * meanGapSeconds;
            boolean malignant = random.nextDouble() < settings.prevalence();
            Triage decision;
            if (random.nextDouble() < settings.reviewRate()) {
                decision = Triage.REVIEW;
            } else if (malignant) {
                decision = random.nextDouble() < settings.sensitivity() ? Triage.ESCALATE : Triage.ROUTINE;
            } else {
                decision = random.nextDouble() < settings.specificity() ? Triage.ROUTINE : Triage.ESCALATE;
            }
            long readSeconds =
                    Math.max(30, Math.round(-Math.log(1 - random.nextDouble()) * settings.meanReadMinutes() * 60));
            studies.add(new Study(
                    String.format("s%05d", i),
                    DAY_START.plusMillis(Math.round(t * 1000)),
                    decision,
                    Duration.ofSeconds(readSeconds)));
        }
        return studies;
    }

    /** Turnaround (arrival to read) per class, in seconds. */
    public Map<StudyClass, List<Long>> run(SimulationSettings settings, Scenario scenario) {
        List<Study> studies = day(settings);
        Duration cap = scenario == Scenario.OSTEON_WITH_CAP ? settings.waitCap() : Duration.ZERO;
        Map<String, StudyState> state = new HashMap<>();
        List<Study> waiting = new ArrayList<>();
        Map<StudyClass, List<Long>> turnaround = new EnumMap<>(StudyClass.class);
        for (StudyClass c : StudyClass.values()) {
            turnaround.put(c, new ArrayList<>());
        }
        Comparator<Study> order = QueueOrder.of(s -> state.get(s.id()).priority(), Study::arrivedAt, Study::id);
        Instant[] freeAt = new Instant[settings.readers()];
        Arrays.fill(freeAt, DAY_START);
        int next = 0;
        int done = 0;
        while (done < studies.size()) {
            int reader = 0;
            for (int r = 1; r < freeAt.length; r++) {
                if (freeAt[r].isBefore(freeAt[reader])) {
                    reader = r;
                }
            }
            Instant now = freeAt[reader];
            while (next < studies.size() && !studies.get(next).arrivedAt().isAfter(now)) {
                Study arrived = studies.get(next++);
                // No AI: every study stays ROUTINE, so the queue order is plain first in, first out.
                state.put(
                        arrived.id(),
                        scenario == Scenario.NO_AI
                                ? StudyState.initial()
                                : policy.apply(StudyState.initial(), arrived.decision())
                                        .asState());
                waiting.add(arrived);
            }
            if (waiting.isEmpty()) {
                freeAt[reader] = studies.get(next).arrivedAt();
                continue;
            }
            if (scenario != Scenario.NO_AI) {
                for (Study s : waiting) {
                    StudyState current = state.get(s.id());
                    // In the simulation a study is flagged for review the moment it arrives.
                    Duration limit = current.needsReview() ? settings.reviewDeadline() : cap;
                    policy.promoteIfWaitedTooLong(current, Duration.between(s.arrivedAt(), now), limit)
                            .ifPresent(promoted -> state.put(s.id(), promoted.asState()));
                }
            }
            Study head = waiting.stream().min(order).orElseThrow();
            waiting.remove(head);
            Instant finished = now.plus(head.readTime());
            freeAt[reader] = finished;
            turnaround
                    .get(head.studyClass())
                    .add(Duration.between(head.arrivedAt(), finished).toSeconds());
            done++;
        }
        return turnaround;
    }
}
