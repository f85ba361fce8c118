package org.osteon.scoring.preprocess;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.osteon.scoring.dicom.StoredImage;
import org.osteon.scoring.model.PreprocessingSpec;

/**
 * {@code osteon-xr-pre-v1} (docs/preprocessing.md), step by step, in float64 until the final cast.
 * The Python training code implements the same steps; the golden vectors hold the two together, so
 * any change here is a new version string and a retrained model, never a quiet fix.
 */
public final class Preprocessor {

    public static final String VERSION = "osteon-xr-pre-v1";

    private final int size;
    private final double mean;
    private final double std;
    private final double padValue;
    /**
     * {@code 1 / std} when that is exact (std a power of two, as in the default model's 0.25): then
     * {@code (v - mean) * reciprocal} is the same correctly rounded value as {@code (v - mean) / std}, and
     * a multiplication is several times cheaper than a division, done once per output pixel.
     * Zero when the reciprocal is inexact, and the division stays.
     */
    private final double exactReciprocal;
    /**
     * Each preparation thread resizes in its own reused arrays; the preprocessor itself stays shareable.
     * Static, because callers build a preprocessor per batch: a ThreadLocal per instance would give every
     * pool thread a fresh workspace for each batch, each one reachable from the thread's ThreadLocalMap
     * until a collection cleared the dead preprocessor's key and the map dropped the stale entry, so the
     * live heap would grow between collections. A workspace keeps the axes
     * of the last size it resized, whatever preprocessor asked, so sharing it across instances changes
     * no value.
     */
    private static final ThreadLocal<AreaResize.Workspace> WORKSPACE =
            ThreadLocal.withInitial(AreaResize.Workspace::new);

    public Preprocessor(PreprocessingSpec spec) {
        if (!VERSION.equals(spec.version())) {
            throw new IllegalArgumentException("this preprocessor implements " + VERSION + ", not " + spec.version());
        }
        this.size = spec.size();
        this.mean = spec.mean();
        this.std = spec.std();
        this.padValue = spec.padValue();
        this.exactReciprocal = exactReciprocal(std);
    }

    /** {@code 1 / x} when it is representable exactly (x a normal power of two), else 0. */
    static double exactReciprocal(double x) {
        boolean powerOfTwo = Double.isFinite(x)
                && x >= Double.MIN_NORMAL
                && (Double.doubleToRawLongBits(x) & 0x000F_FFFF_FFFF_FFFFL) == 0;
        double r = 1.0 / x;
        return powerOfTwo && Double.isFinite(r) && r >= Double.MIN_NORMAL ? r : 0.0;
    }

    /** The calling thread's resize workspace, the one every preprocessor uses on this thread. */
    static AreaResize.Workspace threadWorkspace() {
        return WORKSPACE.get();
    }

    /** Side S of the square output. */
    public int size() {
        return size;
    }

    /** Floats one image occupies in a batch buffer: {@code S * S} (NCHW with one channel). */
    public int floatsPerImage() {
        return size * size;
    }

    /**
     * A direct, native-order buffer for {@code n} images, the layout ONNX Runtime reads without a copy
     * (a Java {@code float[][][][]} costs as much as the model itself).
     */
    public FloatBuffer allocateBatch(int n) {
        return ByteBuffer.allocateDirect(n * floatsPerImage() * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    /** Writes image {@code index} of a batch: {@code S * S} floats at {@code index * S * S}. */
    public void preprocessInto(StoredImage image, FloatBuffer batch, int index) {
        int h = image.rows();
        int w = image.columns();
        int longest = Math.max(h, w);
        int h2 = AreaResize.resizedLength(h, longest, size);
        int w2 = AreaResize.resizedLength(w, longest, size);
        double[] resized = AreaResize.resize(new UnitRows(image), h, w, h2, w2, WORKSPACE.get());
        int top = (size - h2) / 2;
        int left = (size - w2) / 2;
        int base = index * floatsPerImage();
        float pad = normalize(padValue);
        // One row at a time into a heap array, then one bulk put per row rather than one indexed put per pixel.
        float[] row = new float[size];
        for (int y = 0; y < size; y++) {
            if (y < top || y >= top + h2) {
                Arrays.fill(row, pad);
            } else {
                Arrays.fill(row, 0, left, pad);
                normalizeInto(resized, (y - top) * w2, row, left, w2);
                Arrays.fill(row, left + w2, size, pad);
            }
            batch.put(base + y * size, row);
        }
    }

    /** Convenience for one image: a fresh direct buffer holding {@code [1, 1, S, S]}. */
    public FloatBuffer preprocess(StoredImage image) {
        FloatBuffer buffer = allocateBatch(1);
        preprocessInto(image, buffer, 0);
        return buffer;
    }

    private float normalize(double v) {
        return (float) ((v - mean) / std);
    }

    /** {@link #normalize} of {@code n} values, by the exact reciprocal when there is one (same values). */
    private void normalizeInto(double[] from, int src, float[] to, int dst, int n) {
        if (exactReciprocal != 0.0) {
            for (int x = 0; x < n; x++) {
                to[dst + x] = (float) ((from[src + x] - mean) * exactReciprocal);
            }
        } else {
            for (int x = 0; x < n; x++) {
                to[dst + x] = normalize(from[src + x]);
            }
        }
    }
}
