package org.osteon.streams.analytics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.osteon.events.FeedbackVerdict;

/**
 * What outlives a window for one series: the model's name, the PSI reference histogram and the
 * cumulative feedback counts. State with a compact binary form, like {@link WindowState}.
 *
 * <p>The reference is the first {@code baselineSize} scores of the series after deployment: the
 * distribution the model produced on this site's population before anything could drift. A
 * training-time histogram (same ten bins, from the validation split) could be written here instead
 * to measure drift from the data the model was calibrated on.
 */
public final class SeriesState {

    private static final byte FORMAT = 1;

    String modelName;
    final int[] referenceBins;
    Confusion cumulative;

    public SeriesState() {
        this(null, new int[Psi.BINS], Confusion.NONE);
    }

    private SeriesState(String modelName, int[] referenceBins, Confusion cumulative) {
        this.modelName = modelName;
        this.referenceBins = referenceBins;
        this.cumulative = cumulative;
    }

    /** Records a score: names the model, and fills the reference until it holds {@code baselineSize} scores. */
    public void addScore(String modelName, double malignantProbability, int baselineSize) {
        this.modelName = modelName;
        if (referenceScores() < baselineSize) {
            referenceBins[Psi.bin(malignantProbability)]++;
        }
    }

    public void addFeedback(String aiDecision, FeedbackVerdict verdict) {
        cumulative = cumulative.plus(aiDecision, verdict);
    }

    public int referenceScores() {
        return (int) Psi.total(referenceBins);
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeBoolean(modelName != null);
            if (modelName != null) {
                out.writeUTF(modelName);
            }
            out.writeInt(referenceBins.length);
            for (int c : referenceBins) {
                out.writeInt(c);
            }
            out.writeInt(cumulative.truePositives());
            out.writeInt(cumulative.falsePositives());
            out.writeInt(cumulative.falseNegatives());
            out.writeInt(cumulative.trueNegatives());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static SeriesState decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown series state format " + format);
            }
            String modelName = in.readBoolean() ? in.readUTF() : null;
            int[] bins = new int[in.readInt()];
            for (int i = 0; i < bins.length; i++) {
                bins[i] = in.readInt();
            }
            return new SeriesState(
                    modelName, bins, new Confusion(in.readInt(), in.readInt(), in.readInt(), in.readInt()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
