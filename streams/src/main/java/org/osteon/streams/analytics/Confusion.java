package org.osteon.streams.analytics;

import org.osteon.events.FeedbackVerdict;

/**
 * Counts of readers' verdicts as a confusion matrix, with "escalated" as the positive call: a confirmed
 * ESCALATE is a true positive, a rejected one a false positive; a confirmed REVIEW, ROUTINE or NOT_SCORED
 * a true negative, a rejected one a false negative (the reader saw a malignancy the triage did not escalate).
 */
public record Confusion(int truePositives, int falsePositives, int falseNegatives, int trueNegatives) {

    public static final Confusion NONE = new Confusion(0, 0, 0, 0);

    /** This matrix plus one verdict on one AI decision; unchanged (and false from {@link #counts}) for an unknown decision. */
    public Confusion plus(String aiDecision, FeedbackVerdict verdict) {
        boolean confirmed = verdict == FeedbackVerdict.CONFIRM;
        if (isEscalation(aiDecision)) {
            return confirmed
                    ? new Confusion(truePositives + 1, falsePositives, falseNegatives, trueNegatives)
                    : new Confusion(truePositives, falsePositives + 1, falseNegatives, trueNegatives);
        }
        if (isNonEscalation(aiDecision)) {
            return confirmed
                    ? new Confusion(truePositives, falsePositives, falseNegatives, trueNegatives + 1)
                    : new Confusion(truePositives, falsePositives, falseNegatives + 1, trueNegatives);
        }
        return this;
    }

    /** Whether a verdict on this decision is counted at all: the worklist may one day show a decision we do not know. */
    public static boolean counts(String aiDecision) {
        return isEscalation(aiDecision) || isNonEscalation(aiDecision);
    }

    /** TP / (TP + FP); null when no escalation was judged. */
    public Double ppv() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    /** TP / (TP + FN); null when no malignancy was confirmed. */
    public Double sensitivity() {
        return ratio(truePositives, truePositives + falseNegatives);
    }

    private static boolean isEscalation(String decision) {
        return "ESCALATE".equals(decision);
    }

    private static boolean isNonEscalation(String decision) {
        return "REVIEW".equals(decision) || "ROUTINE".equals(decision) || "NOT_SCORED".equals(decision);
    }

    static Double ratio(int numerator, int denominator) {
        return denominator == 0 ? null : (double) numerator / denominator;
    }
}
