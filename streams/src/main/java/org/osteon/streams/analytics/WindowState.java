package org.osteon.streams.analytics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.osteon.events.FeedbackVerdict;
import org.osteon.events.Triage;

/**
 * What one series has seen in one open window. Mutable; lives in a state store between records.
 *
 * <p>State, not an event: it never leaves the application except in the store's own changelog, so it
 * has a compact versioned binary form here instead of an Avro schema among the events.
 */
public final class WindowState {

    /**
     * Latencies kept per window for the percentiles. Beyond this many a uniform reservoir sample of them
     * is kept (bounded state); the percentiles are then estimates. A demo window holds a few dozen.
     */
    public static final int MAX_LATENCY_SAMPLES = 10_000;

    private static final byte FORMAT = 1;

    int imagesScored;
    int escalated;
    int review;
    int routine;
    int notScored;
    final int[] scoreBins;
    Confusion feedback;
    long latenciesSeen;
    long[] latencies;

    public WindowState() {
        this(new int[Psi.BINS], Confusion.NONE, 0, new long[0]);
    }

    private WindowState(int[] scoreBins, Confusion feedback, long latenciesSeen, long[] latencies) {
        this.scoreBins = scoreBins;
        this.feedback = feedback;
        this.latenciesSeen = latenciesSeen;
        this.latencies = latencies;
    }

    public void addScore(double malignantProbability) {
        imagesScored++;
        scoreBins[Psi.bin(malignantProbability)]++;
    }

    public void addDecision(Triage decision) {
        switch (decision) {
            case ESCALATE -> escalated++;
            case REVIEW -> review++;
            case ROUTINE -> routine++;
            case NOT_SCORED -> notScored++;
        }
    }

    public void addFeedback(String aiDecision, FeedbackVerdict verdict) {
        feedback = feedback.plus(aiDecision, verdict);
    }

    /** Adds one receipt-to-worklist latency; reservoir sampling past the cap, seeded so a replay keeps the same sample. */
    public void addLatency(long millis) {
        latenciesSeen++;
        if (latencies.length < MAX_LATENCY_SAMPLES) {
            latencies = Arrays.copyOf(latencies, latencies.length + 1);
            latencies[latencies.length - 1] = millis;
            return;
        }
        long slot = new SplittableRandom(latenciesSeen).nextLong(latenciesSeen);
        if (slot < MAX_LATENCY_SAMPLES) {
            latencies[(int) slot] = millis;
        }
    }

    public int decisions() {
        return escalated + review + routine + notScored;
    }

    /** Nearest-rank percentile (0 < q ≤ 1) of the latencies; null when there is none. */
    public Long latencyPercentile(double q) {
        if (latencies.length == 0) {
            return null;
        }
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(imagesScored);
            out.writeInt(escalated);
            out.writeInt(review);
            out.writeInt(routine);
            out.writeInt(notScored);
            out.writeInt(scoreBins.length);
            for (int c : scoreBins) {
                out.writeInt(c);
            }
            out.writeInt(feedback.truePositives());
            out.writeInt(feedback.falsePositives());
            out.writeInt(feedback.falseNegatives());
            out.writeInt(feedback.trueNegatives());
            out.writeLong(latenciesSeen);
            out.writeInt(latencies.length);
            for (long l : latencies) {
                out.writeLong(l);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static WindowState decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown window state format " + format);
            }
            int imagesScored = in.readInt();
            int escalated = in.readInt();
            int review = in.readInt();
            int routine = in.readInt();
            int notScored = in.readInt();
            int[] bins = new int[in.readInt()];
            for (int i = 0; i < bins.length; i++) {
                bins[i] = in.readInt();
            }
            Confusion feedback = new Confusion(in.readInt(), in.readInt(), in.readInt(), in.readInt());
            long seen = in.readLong();
            long[] latencies = new long[in.readInt()];
            for (int i = 0; i < latencies.length; i++) {
                latencies[i] = in.readLong();
            }
            WindowState state = new WindowState(bins, feedback, seen, latencies);
            state.imagesScored = imagesScored;
            state.escalated = escalated;
            state.review = review;
            state.routine = routine;
            state.notScored = notScored;
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
