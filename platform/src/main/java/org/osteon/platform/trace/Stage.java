package org.osteon.platform.trace;

/**
 * The stages of the latency budget, in the order an image passes them. Each is one span per image; a
 * {@code *.queue} stage is the time from the moment the stage before handed the record to its producer
 * until this stage began on it: the produce, the broker, a transaction's commit before a
 * {@code read_committed} reader may see the record, and the wait behind the records ahead of it.
 */
public enum Stage {
    /** Gateway: from receipt (the object fully in hand) until its event goes to the producer. */
    RECEIPT("receipt"),
    /** Gateway's produce and acknowledgement, then the streams app's poll. */
    DEID_QUEUE("deid.queue"),
    /** Streams: PS3.15 de-identification of the object (read, rewrite, research-store write). */
    DEID("deid"),
    /** Streams' exactly-once commit (the output is visible only then), then scoring's poll. */
    SCORING_QUEUE("scoring.queue"),
    /** Scoring: from the poll that fetched the record until its micro-batch closed. */
    SCORING_BATCH("scoring.batch"),
    /** Scoring: reading, preprocessing, ONNX Runtime, the activation map and the event, for the batch. */
    SCORING_INFERENCE("scoring.inference"),
    /**
     * Scoring: from the batch's end until its outputs are sent in a transaction: the wait for younger
     * batches to share that transaction (at most {@code osteon.scoring.commit-interval-ms}).
     */
    SCORING_WAIT("scoring.wait"),
    /** Scoring's transaction commit (its output is visible only then), then the gate's poll. */
    GATE_QUEUE("gate.queue"),
    /** Streams: the gate's decision. */
    GATE("gate"),
    /** Streams' exactly-once commit, then the worklist adapter's poll and the records ahead of it. */
    WORKLIST_QUEUE("worklist.queue"),
    /** Worklist adapter: the decision applied and committed in PostgreSQL. */
    WORKLIST_COMMIT("worklist.commit");

    private final String spanName;

    Stage(String spanName) {
        this.spanName = spanName;
    }

    /** The span's name, as logged and exported. */
    public String spanName() {
        return spanName;
    }
}
