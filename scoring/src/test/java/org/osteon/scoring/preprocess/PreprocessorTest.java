package org.osteon.scoring.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.osteon.scoring.dicom.StoredImage;
import org.osteon.scoring.model.PreprocessingSpec;

class PreprocessorTest {

    private static final double EPS = 1e-6;

    /** mean 0, std 1: the output is the [0, 1] image itself, so expectations read as in the spec. */
    private static Preprocessor identity(int size) {
        return new Preprocessor(new PreprocessingSpec("osteon-xr-pre-v1", size, 0.0, 1.0, 0.0));
    }

    private static float[] run(Preprocessor p, StoredImage image) {
        FloatBuffer out = p.preprocess(image);
        float[] values = new float[p.floatsPerImage()];
        out.get(0, values);
        return values;
    }

    @Test
    void shouldMapTheWindowLinearlyAndClipOutsideIt() {
        // c=100, w=100: lower edge 50, so 0 and 50 clip to 0, 100 is mid-window, 150 is the top.
        StoredImage image =
                StoredImage.plain(2, 2, new double[] {0, 50, 100, 160}).withWindow(100, 100);
        assertThat(run(identity(2), image)).containsExactly(0f, 0f, 0.5f, 1f);
    }

    @Test
    void shouldUseTheImagesOwnMinAndMaxWithoutAWindow() {
        StoredImage image = StoredImage.plain(2, 2, new double[] {10, 20, 30, 50});
        assertThat(run(identity(2), image)).containsExactly(0f, 0.25f, 0.5f, 1f);
    }

    @Test
    void shouldFallBackToMinMaxWhenTheWindowIsNarrowerThanTwo() {
        StoredImage image =
                StoredImage.plain(2, 2, new double[] {10, 20, 30, 50}).withWindow(20, 1);
        assertThat(run(identity(2), image)).containsExactly(0f, 0.25f, 0.5f, 1f);
    }

    @Test
    void shouldGiveZeroForAConstantImage() {
        StoredImage image = StoredImage.plain(2, 2, new double[] {7, 7, 7, 7});
        assertThat(run(identity(2), image)).containsExactly(0f, 0f, 0f, 0f);
    }

    @Test
    void shouldInvertMonochrome1SoBoneIsBright() {
        StoredImage image =
                StoredImage.plain(2, 2, new double[] {10, 20, 30, 50}).withPhotometric("MONOCHROME1");
        assertThat(run(identity(2), image)).containsExactly(1f, 0.75f, 0.5f, 0f);
    }

    @Test
    void shouldFindTheExtremesOfANegativeRescaleWithoutAWindow() {
        // -1 * v: 0, -1, -2, -4 -> min -4, max 0 -> (x + 4) / 4.
        StoredImage image = StoredImage.plain(2, 2, new double[] {0, 1, 2, 4}).withRescale(-1, 0);
        assertThat(run(identity(2), image)).containsExactly(1f, 0.75f, 0.5f, 0f);
    }

    @Test
    void shouldMultiplyByTheReciprocalOfStdOnlyWhenItIsExact() {
        assertThat(Preprocessor.exactReciprocal(0.25)).isEqualTo(4.0);
        assertThat(Preprocessor.exactReciprocal(2.0)).isEqualTo(0.5);
        assertThat(Preprocessor.exactReciprocal(1.0)).isEqualTo(1.0);
        assertThat(Preprocessor.exactReciprocal(Double.MIN_NORMAL)).isEqualTo(Math.scalb(1.0, 1022));
        for (double inexactOrInvalid : new double[] {
            0.229, 0.3, 3.0, 0.0, -0.25, Double.MIN_VALUE, Math.scalb(1.0, 1023), Double.NaN, Double.POSITIVE_INFINITY
        }) {
            assertThat(Preprocessor.exactReciprocal(inexactOrInvalid))
                    .as("%s", inexactOrInvalid)
                    .isZero();
        }
        // The claim the shortcut rests on: by an exact reciprocal, the same float as by the division.
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 100_000; i++) {
            double v = i % 2 == 0 ? random.nextDouble() : Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(v)) {
                assertThat((float) ((v - 0.5) * 4.0)).isEqualTo((float) ((v - 0.5) / 0.25));
            }
        }
    }

    @Test
    void shouldApplyRescaleBeforeTheWindow() {
        // 2*v - 10 -> 0, 10, 20, 30; window c=15 w=30 -> lower 0 -> v/30.
        StoredImage image = StoredImage.plain(2, 2, new double[] {5, 10, 15, 20})
                .withRescale(2, -10)
                .withWindow(15, 30);
        float[] out = run(identity(2), image);
        assertThat(out[0]).isCloseTo(0f, within(1e-6f));
        assertThat(out[1]).isCloseTo(1f / 3, within(1e-6f));
        assertThat(out[2]).isCloseTo(2f / 3, within(1e-6f));
        assertThat(out[3]).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void shouldAverageExactBlocksWhenTheFactorIsWhole() {
        double[] v = new double[16];
        for (int i = 0; i < 16; i++) {
            v[i] = i;
        }
        // 4x4 of 0..15 -> min-max /15 -> 2x2 block means: (0+1+4+5)/4 = 2.5, 4.5, 10.5, 12.5 (all /15).
        float[] out = run(identity(2), StoredImage.plain(4, 4, v));
        assertThat(out[0]).isCloseTo(2.5f / 15, within(1e-6f));
        assertThat(out[1]).isCloseTo(4.5f / 15, within(1e-6f));
        assertThat(out[2]).isCloseTo(10.5f / 15, within(1e-6f));
        assertThat(out[3]).isCloseTo(12.5f / 15, within(1e-6f));
    }

    @Test
    void shouldWeightPartialOverlapsByAreaForAFractionalFactor() {
        // 3 -> 2: scale 1.5; row 0 covers [0, 1.5): 1/1.5 of k=0 and 0.5/1.5 of k=1.
        AreaResize.Row[] rows = AreaResize.matrix(3, 2);
        assertThat(rows[0].first()).isZero();
        assertThat(rows[0].weights()).containsExactly(new double[] {2.0 / 3, 1.0 / 3}, within(EPS));
        assertThat(rows[1].first()).isEqualTo(1);
        assertThat(rows[1].weights()).containsExactly(new double[] {1.0 / 3, 2.0 / 3}, within(EPS));
    }

    @Test
    void shouldResizeANonSquareImageAndCentreItVertically() {
        // 3x6 into S=4: s = 4/6, h' = floor(2 + 0.5) = 2, w' = 4; top = (4-2)//2 = 1, left = 0.
        // Values: row r, column c -> r (min-max over 0..2 -> r/2). Rows resize with weights 2/3, 1/3.
        double[] v = new double[18];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 6; c++) {
                v[r * 6 + c] = r;
            }
        }
        float[] out = run(identity(4), StoredImage.plain(3, 6, v));
        double row0 = (2.0 / 3) * 0 + (1.0 / 3) * 0.5;
        double row1 = (1.0 / 3) * 0.5 + (2.0 / 3) * 1.0;
        for (int x = 0; x < 4; x++) {
            assertThat(out[x]).as("pad row 0").isZero();
            assertThat(out[4 + x]).isCloseTo((float) row0, within(1e-6f));
            assertThat(out[8 + x]).isCloseTo((float) row1, within(1e-6f));
            assertThat(out[12 + x]).as("pad row 3").isZero();
        }
    }

    @Test
    void shouldCentreATallImageHorizontallyWithFloorOffsets() {
        // 2x1 into S=4: s=2, h'=4, w'=floor(2.5)=2, left=(4-2)//2=1; upscaling repeats pixels.
        float[] out = run(identity(4), StoredImage.plain(2, 1, new double[] {0, 10}));
        float[][] expected = {{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 1, 1, 0}, {0, 1, 1, 0}};
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertThat(out[y * 4 + x]).as("(%d,%d)", y, x).isEqualTo(expected[y][x]);
            }
        }
    }

    @Test
    void shouldPutAnOddRemainderBelowAndRightOfTheImage() {
        // 1x3 into S=5: h' = floor(5/3 + 0.5) = 2, top = (5-2)//2 = 1 -> rows 1,2 hold the image, rows 3,4 pad.
        Preprocessor p = new Preprocessor(new PreprocessingSpec("osteon-xr-pre-v1", 5, 0.0, 1.0, 0.0));
        float[] out = run(p, StoredImage.plain(1, 3, new double[] {1, 1, 2}));
        assertThat(out[0 * 5 + 4]).isZero();
        assertThat(out[1 * 5 + 4]).isEqualTo(1f);
        assertThat(out[2 * 5 + 4]).isEqualTo(1f);
        assertThat(out[3 * 5 + 4]).isZero();
        assertThat(out[4 * 5 + 4]).isZero();
    }

    @Test
    void shouldNormalizeImageAndPaddingWithMeanAndStd() {
        Preprocessor p = new Preprocessor(new PreprocessingSpec("osteon-xr-pre-v1", 4, 0.5, 0.25, 0.0));
        float[] out = run(p, StoredImage.plain(2, 1, new double[] {0, 10}));
        assertThat(out[0]).as("pad (0 - 0.5) / 0.25").isEqualTo(-2f);
        assertThat(out[2 * 4 + 1]).as("bright (1 - 0.5) / 0.25").isEqualTo(2f);
        assertThat(out[1]).as("dark (0 - 0.5) / 0.25").isEqualTo(-2f);
    }

    @Test
    void shouldWriteEachImageOfABatchIntoItsOwnSlotOfADirectNativeBuffer() {
        Preprocessor p = identity(2);
        FloatBuffer batch = p.allocateBatch(2);
        assertThat(batch.isDirect()).isTrue();
        assertThat(batch.order()).isEqualTo(ByteOrder.nativeOrder());
        p.preprocessInto(StoredImage.plain(2, 2, new double[] {0, 1, 2, 3}), batch, 1);
        p.preprocessInto(StoredImage.plain(2, 2, new double[] {3, 2, 1, 0}), batch, 0);
        float[] all = new float[8];
        batch.get(0, all);
        assertThat(all).containsExactly(1f, 2f / 3, 1f / 3, 0f, 0f, 1f / 3, 2f / 3, 1f);
    }

    @Test
    void shouldReuseTheThreadsResizeArraysWhenEachBatchBuildsItsOwnPreprocessor() throws Exception {
        // The pipeline builds a preprocessor per batch; its arrays are the thread's, not the instance's.
        StoredImage image = StoredImage.plain(6, 6, new double[36]);
        identity(4).preprocess(image);
        AreaResize.Workspace mine = Preprocessor.threadWorkspace();
        double[] out = mine.out(16);
        identity(4).preprocess(image);
        assertThat(Preprocessor.threadWorkspace()).isSameAs(mine);
        assertThat(mine.out(16)).isSameAs(out);
        assertThat(onNewThread(Preprocessor::threadWorkspace)).isNotNull().isNotSameAs(mine);
    }

    @Test
    void shouldGiveTheSameValuesWhenPreprocessorsOfTwoSizesShareAThread() throws Exception {
        // A shadow model of another input size alternates with the primary on the same pool thread.
        double[] pixels = new double[7 * 9];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i * 37) % 11;
        }
        StoredImage image = StoredImage.plain(7, 9, pixels);
        float[] fresh4 = onNewThread(() -> run(identity(4), image));
        float[] fresh5 = onNewThread(() -> run(identity(5), image));
        for (int round = 0; round < 3; round++) {
            assertThat(run(identity(4), image)).containsExactly(fresh4);
            assertThat(run(identity(5), image)).containsExactly(fresh5);
        }
    }

    /** What {@code work} returns on a thread of its own, whose workspace nothing else has touched. */
    private static <T> T onNewThread(Supplier<T> work) throws InterruptedException {
        AtomicReference<T> result = new AtomicReference<>();
        Thread thread = new Thread(() -> result.set(work.get()));
        thread.start();
        thread.join();
        return result.get();
    }
}
