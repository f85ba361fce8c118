package org.osteon.scoring.preprocess;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Step 4 of osteon-xr-pre-v1: exact area averaging, {@code out = Ry · v · Rxᵀ}. Each row of the
 * matrix touches only the few source pixels its interval overlaps, so the rows are stored sparse
 * (first source index plus weights); the values equal the dense definition in docs/preprocessing.md.
 */
final class AreaResize {

    /** One sparse row: {@code weights[j]} applies to source index {@code first + j}. */
    record Row(int first, double[] weights) {}

    private AreaResize() {}

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

    /** As {@link #resize(RowSource, int, int, int, int, Workspace)}, into a fresh array of exactly {@code h2 × w2}. */
    static double[] resize(RowSource source, int h, int w, int h2, int w2) {
        return resize(source, h, w, h2, w2, new Workspace());
    }

    /**
     * One axis of the matrix, flattened: output {@code i} sums {@code weights[start[i]..start[i+1])} times
     * the source values from {@code first[i]} on. Flat arrays rather than a {@link Row} per output, so
     * the inner loop of the second pass, the resize's hottest loop, reads three arrays instead of
     * chasing an object per pixel.
     */
    static final class Axis {

        final int nIn;
        final int nOut;
        final int[] first;
        final int[] start;
        final double[] weights;
        /** The most source values one output overlaps. */
        final int taps;
        /**
         * The same rows padded to {@code taps} each, for the second pass: output {@code i} sums
         * {@code paddedWeights[i * taps + t] * v[paddedIndex[i * taps + t]]} over every {@code t}. A
         * padding tap has weight 0.0 and repeats the row's last source index.
         */
        final int[] paddedIndex;

        final double[] paddedWeights;

        Axis(int nIn, int nOut) {
            this.nIn = nIn;
            this.nOut = nOut;
            Row[] rows = matrix(nIn, nOut);
            first = new int[nOut];
            start = new int[nOut + 1];
            for (int i = 0; i < nOut; i++) {
                first[i] = rows[i].first();
                start[i + 1] = start[i] + rows[i].weights().length;
            }
            weights = new double[start[nOut]];
            int most = 0;
            for (int i = 0; i < nOut; i++) {
                System.arraycopy(rows[i].weights(), 0, weights, start[i], rows[i].weights().length);
                most = Math.max(most, rows[i].weights().length);
            }
            taps = most;
            paddedIndex = new int[nOut * taps];
            paddedWeights = new double[nOut * taps];
            for (int i = 0; i < nOut; i++) {
                int n = start[i + 1] - start[i];
                for (int t = 0; t < taps; t++) {
                    paddedIndex[i * taps + t] = first[i] + Math.max(0, Math.min(t, n - 1));
                    paddedWeights[i * taps + t] = t < n ? weights[start[i] + t] : 0.0;
                }
            }
        }

        boolean is(int in, int out) {
            return nIn == in && nOut == out;
        }
    }

    /**
     * What one thread reuses from image to image: the intermediate and output arrays and the two axes of
     * the last size it resized (radiographs of one detector share a size). Allocated per image they
     * would be about 0.7 MB of garbage per golden radiograph at S = 192 (3.6 MB per full-size one), on
     * cores that inference shares.
     */
    static final class Workspace {

        private Axis ys;
        private Axis xs;
        private double[] tmp = new double[0];
        private double[] out = new double[0];
        private final ArrayDeque<double[]> spare = new ArrayDeque<>();
        private int rowLength = -1;

        Axis ys(int h, int h2) {
            ys = reuse(ys, h, h2);
            return ys;
        }

        Axis xs(int w, int w2) {
            xs = reuse(xs, w, w2);
            return xs;
        }

        private static Axis reuse(Axis last, int nIn, int nOut) {
            return last != null && last.is(nIn, nOut) ? last : new Axis(nIn, nOut);
        }

        /** A zeroed intermediate of at least {@code n} values. */
        double[] tmp(int n) {
            if (tmp.length < n) {
                tmp = new double[n];
            } else {
                Arrays.fill(tmp, 0, n, 0.0);
            }
            return tmp;
        }

        double[] out(int n) {
            if (out.length < n) {
                out = new double[n];
            }
            return out;
        }

        /** A row buffer of {@code w} values, from the ones returned before when they have that length. */
        double[] row(int w) {
            if (rowLength != w) {
                spare.clear();
                rowLength = w;
            }
            return spare.isEmpty() ? new double[w] : spare.pop();
        }

        void done(double[] row) {
            spare.push(row);
        }
    }

    /**
     * Resizes an {@code h × w} image read row by row to {@code h2 × w2}, in float64. Only the source rows
     * the current output row overlaps are held, each read once, so a full-size radiograph never exists
     * as one array of doubles. The result is the first {@code h2 × w2} values of the returned array,
     * which belongs to {@code ws} and is overwritten by its next resize.
     */
    static double[] resize(RowSource source, int h, int w, int h2, int w2, Workspace ws) {
        if (h2 == h && w2 == w) {
            // Every weight is exactly 1.0 and each output sums one product with 0.0: the input, bit for bit.
            double[] out = ws.out(h * w);
            double[] row = ws.row(w);
            for (int y = 0; y < h; y++) {
                source.read(y, row);
                System.arraycopy(row, 0, out, y * w, w);
            }
            ws.done(row);
            return out;
        }
        Axis ry = ws.ys(h, h2);
        Axis rx = ws.xs(w, w2);
        // Ry · v first (h2 × w), then · Rxᵀ, the association the reference implementation uses. The
        // first source row of output row i never decreases with i, so rows before it are done with.
        double[] tmp = ws.tmp(h2 * w);
        double[][] held = new double[h][];
        int done = 0;
        for (int i = 0; i < h2; i++) {
            int first = ry.first[i];
            for (; done < first; done++) {
                if (held[done] != null) {
                    ws.done(held[done]);
                    held[done] = null;
                }
            }
            int dst = i * w;
            for (int j = ry.start[i]; j < ry.start[i + 1]; j++) {
                double wt = ry.weights[j];
                int k = first + j - ry.start[i];
                if (held[k] == null) {
                    held[k] = ws.row(w);
                    source.read(k, held[k]);
                }
                double[] src = held[k];
                for (int x = 0; x < w; x++) {
                    tmp[dst + x] += wt * src[x];
                }
            }
        }
        for (; done < h; done++) {
            if (held[done] != null) {
                ws.done(held[done]);
            }
        }
        double[] out = ws.out(h2 * w2);
        for (int i = 0; i < h2; i++) {
            alongRow(tmp, i * w, rx, out, i * w2);
        }
        return out;
    }

    /**
     * One row of the second pass: {@code out[o + x2] = Σ_t weight · v[base + index]} over the padded taps of
     * output {@code x2}, summed from 0.0 in the order of the dense definition. A padding tap adds
     * {@code 0.0 × v}, a zero of either sign, to a sum that is never -0.0 (it starts at +0.0), which leaves
     * it as it was: bit for bit the sparse sum, for finite values (the unit values are in [0, 1]). The
     * fixed count of taps keeps the loop free of the branch that a varying count per output mispredicts,
     * in the pass that takes the largest share of preparing a golden radiograph.
     */
    private static void alongRow(double[] v, int base, Axis axis, double[] out, int o) {
        int[] index = axis.paddedIndex;
        double[] weight = axis.paddedWeights;
        int n = axis.nOut;
        switch (axis.taps) {
            case 1 -> {
                for (int x2 = 0; x2 < n; x2++) {
                    out[o + x2] = 0.0 + weight[x2] * v[base + index[x2]];
                }
            }
            case 2 -> {
                for (int x2 = 0, p = 0; x2 < n; x2++, p += 2) {
                    double acc = 0.0 + weight[p] * v[base + index[p]];
                    out[o + x2] = acc + weight[p + 1] * v[base + index[p + 1]];
                }
            }
            case 3 -> {
                for (int x2 = 0, p = 0; x2 < n; x2++, p += 3) {
                    double acc = 0.0 + weight[p] * v[base + index[p]];
                    acc += weight[p + 1] * v[base + index[p + 1]];
                    out[o + x2] = acc + weight[p + 2] * v[base + index[p + 2]];
                }
            }
            default -> {
                int taps = axis.taps;
                for (int x2 = 0, p = 0; x2 < n; x2++, p += taps) {
                    double acc = 0.0;
                    for (int t = 0; t < taps; t++) {
                        acc += weight[p + t] * v[base + index[p + t]];
                    }
                    out[o + x2] = acc;
                }
            }
        }
    }
}
