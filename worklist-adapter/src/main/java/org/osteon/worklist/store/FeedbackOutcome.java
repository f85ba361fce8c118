package org.osteon.worklist.store;

/** What became of a reader's verdict: recorded (new or the same again), or why it was not. */
public sealed interface FeedbackOutcome {

    /** The verdict is stored; publish it (again, with the same event id, when a duplicate). */
    record Recorded(FeedbackRecord feedback) implements FeedbackOutcome {}

    /** No such study. */
    record UnknownStudy() implements FeedbackOutcome {}

    /** The study has no AI decision yet: there is nothing to judge. */
    record NotTriaged() implements FeedbackOutcome {}

    /** The reader already gave the other verdict; the first one stands. */
    record Conflicting(FeedbackRecord earlier) implements FeedbackOutcome {}
}
