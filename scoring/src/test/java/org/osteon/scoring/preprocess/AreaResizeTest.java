package org.osteon.scoring.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The row-streaming resize against the dense definition {@code Ry · v · Rxᵀ}, value for value. */
class AreaResizeTest {

    /** A source of {@code h × w} resized to {@code h2 × w2}. */
    private record Shape(int h, int w, int h2, int w2) {

        @Override
        public String toString() {
            return h + " x " + w + " -> " + h2 + " x " + w2;
        }
    }

    @Test
    void shouldEqualTheDenseMatrixProductWhenShrinkingGrowingAndMixingBoth() {
        Random random = new Random(7);
        List<Shape> shapes = List.of(
                new Shape(2048, 1536, 256, 192),
                new Shape(180, 300, 154, 256),
                new Shape(7, 5, 16, 11),
                new Shape(97, 3, 33, 1),
                new Shape(64, 64, 64, 64));
        for (Shape s : shapes) {
            double[] v = image(random, s.h(), s.w());
            int[] reads = new int[s.h()];
            double[] streamed = AreaResize.resize(
                    (row, into) -> {
                        reads[row]++;
                        System.arraycopy(v, row * s.w(), into, 0, s.w());
                    },
                    s.h(),
                    s.w(),
                    s.h2(),
                    s.w2());

            assertThat(streamed).as("%s", s).containsExactly(dense(v, s));
            assertThat(reads).as("every source row read exactly once").containsOnly(1);
        }
    }

    @Test
    void shouldGiveTheSameValuesWhenOneWorkspaceResizesImagesOfChangingSizesInTurn() {
        Random random = new Random(11);
        // Large then small (stale values beyond the small result, a longer intermediate), a repeat of
        // the same size (cached axes), an identity, and back: each result is the definition's.
        Shape large = new Shape(300, 180, 256, 154);
        List<Shape> shapes = List.of(
                large,
                new Shape(7, 5, 16, 11),
                large,
                large,
                new Shape(64, 64, 64, 64),
                new Shape(180, 300, 154, 256),
                new Shape(97, 3, 33, 1));
        AreaResize.Workspace workspace = new AreaResize.Workspace();
        for (Shape s : shapes) {
            double[] v = image(random, s.h(), s.w());
            double[] reused = AreaResize.resize(
                    (row, into) -> System.arraycopy(v, row * s.w(), into, 0, s.w()),
                    s.h(),
                    s.w(),
                    s.h2(),
                    s.w2(),
                    workspace);
            assertThat(Arrays.copyOf(reused, s.h2() * s.w2())).as("%s", s).containsExactly(dense(v, s));
        }
    }

    @Test
    void shouldEqualTheDenseDefinitionWithOneTwoThreeAndManySourceValuesPerOutput() {
        // The second pass has a loop for each count of taps along a row (1, 2, 3) and a general one; a
        // shorter output is padded with zero-weight taps, which must leave every sum as it was.
        Random random = new Random(13);
        List<Shape> shapes = List.of(
                new Shape(9, 12, 18, 24),
                new Shape(300, 256, 225, 192),
                new Shape(256, 195, 192, 146),
                new Shape(64, 2048, 8, 256));
        List<Integer> taps = List.of(1, 2, 3, 8);
        for (int i = 0; i < shapes.size(); i++) {
            Shape s = shapes.get(i);
            assertThat(new AreaResize.Axis(s.w(), s.w2()).taps)
                    .as("taps along a row of %s", s)
                    .isEqualTo(taps.get(i));
            double[] v = image(random, s.h(), s.w());
            double[] resized = AreaResize.resize(v, s.h(), s.w(), s.h2(), s.w2());
            assertThat(resized).as("%s", s).containsExactly(dense(v, s));
        }
    }

    /** An {@code h × w} image of uniform random values in [0, 1). */
    private static double[] image(Random random, int h, int w) {
        double[] v = new double[h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextDouble();
        }
        return v;
    }

    /** The definition, with full matrices: zero weights add 0.0, which leaves every sum unchanged. */
    private static double[] dense(double[] v, Shape s) {
        int h = s.h();
        int w = s.w();
        int h2 = s.h2();
        int w2 = s.w2();
        double[][] ry = full(AreaResize.matrix(h, h2), h);
        double[][] rx = full(AreaResize.matrix(w, w2), w);
        double[] tmp = new double[h2 * w];
        for (int i = 0; i < h2; i++) {
            for (int k = 0; k < h; k++) {
                if (ry[i][k] != 0) {
                    for (int x = 0; x < w; x++) {
                        tmp[i * w + x] += ry[i][k] * v[k * w + x];
                    }
                }
            }
        }
        double[] out = new double[h2 * w2];
        for (int i = 0; i < h2; i++) {
            for (int x2 = 0; x2 < w2; x2++) {
                double acc = 0.0;
                for (int x = 0; x < w; x++) {
                    if (rx[x2][x] != 0) {
                        acc += rx[x2][x] * tmp[i * w + x];
                    }
                }
                out[i * w2 + x2] = acc;
            }
        }
        return out;
    }

    private static double[][] full(AreaResize.Row[] rows, int n) {
        double[][] m = new double[rows.length][n];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows[i].weights().length; j++) {
                m[i][rows[i].first() + j] = rows[i].weights()[j];
            }
        }
        return m;
    }
}
