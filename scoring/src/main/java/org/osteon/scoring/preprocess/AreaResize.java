package org.osteon.scoring.preprocess;

import java.util.ArrayDeque;

/**
 * Step 4 of osteon-xr-pre-v1: exact area averaging, {@code out = Ry · v · Rxᵀ}. Each row of the
 * matrix touches only the few source pixels its interval overlaps, so the rows are stored sparse
 * (first source index plus weights); the values equal the dense definition in docs/preprocessing.md.
 */
final class AreaResize {

    /** One sparse row: {@code weights[j]} applies to source index {@code first + j}. */
    record Row(int first, double[] weights) {
    }

    private AreaResize() {
    }

    /** Output size of the longer-side fit: {@code max(1, floor(n * S / max(h, w) + 0.5))}. */
    static int resizedLength(int n, int longest, int size) {
        double s = (double) size / longest;
        return Math.max(1, (int) Math.floor(n * s + 0.5));
    }

    /** Rows of the {@code nOut × nIn} matrix: overlap of {@code [i·scale, (i+1)·scale)} with {@code [k, k+1)}, / scale. */
    static Row[] matrix(int nIn, int nOut) {
        double scale = (double) nIn / nOut;
        Row[] rows = new Row[nOut];
        for (int i = 0; i < nOut; i++) {
            double start = i * scale;
            double end = (i + 1) * scale;
            int first = (int) Math.floor(start);
            int last = Math.min(nIn - 1, (int) Math.ceil(end) - 1);
            double[] w = new double[Math.max(0, last - first + 1)];
            for (int k = first; k <= last; k++) {
                double overlap = Math.min(end, k + 1.0) - Math.max(start, (double) k);
                w[k - first] = Math.max(0.0, overlap) / scale;
            }
            rows[i] = new Row(first, w);
        }
        return rows;
    }

    /** Where {@link #resize(RowSource, int, int, int, int)} reads its input, one row at a time. */
    @FunctionalInterface
    interface RowSource {
        /** Writes row {@code row} (all {@code w} values) to {@code into}. */
        void read(int row, double[] into);
    }

    /** Resizes row-major {@code v} ({@code h × w}) to {@code h2 × w2}, in float64. */
    static double[] resize(double[] v, int h, int w, int h2, int w2) {
        return resize((row, into) -> System.arraycopy(v, row * w, into, 0, w), h, w, h2, w2);
    }

    /**
     * Resizes an {@code h × w} image read row by row to {@code h2 × w2}, in float64. Only the source rows
     * the current output row overlaps are held, each read once, so a full-size radiograph never exists
     * as one array of doubles.
     */
    static double[] resize(RowSource source, int h, int w, int h2, int w2) {
        if (h2 == h && w2 == w) {
            // Every weight is exactly 1.0 and each output sums one product with 0.0: the input, bit for bit.
            double[] out = new double[h * w];
            double[] row = new double[w];
            for (int y = 0; y < h; y++) {
                source.read(y, row);
                System.arraycopy(row, 0, out, y * w, w);
            }
            return out;
        }
        Row[] ry = matrix(h, h2);
        Row[] rx = matrix(w, w2);
        // Ry · v first (h2 × w), then · Rxᵀ, the association the reference implementation uses. The
        // first source row of output row i never decreases with i, so rows before it are done with.
        double[] tmp = new double[h2 * w];
        double[][] held = new double[h][];
        ArrayDeque<double[]> spare = new ArrayDeque<>();
        int done = 0;
        for (int i = 0; i < h2; i++) {
            Row r = ry[i];
            for (; done < r.first(); done++) {
                if (held[done] != null) {
                    spare.push(held[done]);
                    held[done] = null;
                }
            }
            int dst = i * w;
            for (int j = 0; j < r.weights().length; j++) {
                double wt = r.weights()[j];
                int k = r.first() + j;
                if (held[k] == null) {
                    held[k] = spare.isEmpty() ? new double[w] : spare.pop();
                    source.read(k, held[k]);
                }
                double[] src = held[k];
                for (int x = 0; x < w; x++) {
                    tmp[dst + x] += wt * src[x];
                }
            }
        }
        double[] out = new double[h2 * w2];
        for (int i = 0; i < h2; i++) {
            int base = i * w;
            for (int x2 = 0; x2 < w2; x2++) {
                Row r = rx[x2];
                double acc = 0.0;
                for (int j = 0; j < r.weights().length; j++) {
                    acc += r.weights()[j] * tmp[base + r.first() + j];
                }
                out[i * w2 + x2] = acc;
            }
        }
        return out;
    }
}
