package org.osteon.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.FloatBuffer;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osteon.scoring.dicom.DicomReader;
import org.osteon.scoring.dicom.StoredImage;
import org.osteon.scoring.inference.OnnxModel;
import org.osteon.scoring.inference.Prediction;
import org.osteon.scoring.inference.SessionSettings;
import org.osteon.scoring.model.GoldenCases;
import org.osteon.scoring.model.ModelDescriptor;
import org.osteon.scoring.preprocess.Preprocessor;

/**
 * Java reproduces Python, end to end: the committed model's golden DICOMs, preprocessed here, equal
 * the tensors training wrote (tolerance.input), and ONNX Runtime in Java on those tensors equals the
 * outputs Python recorded (tolerance.outputs). cam_sum adds up every cell of the map, so its float32
 * rounding grows with the cells' magnitude: it and the map's L1 norm are held to tolerance.outputs
 * relative to max(1, cam_abs_sum) (GoldenCases.Case.camSumDiff).
 */
class GoldenVectorTest {

    private static GoldenCases golden;
    private static OnnxModel model;
    private static Preprocessor preprocessor;

    @BeforeAll
    static void load() throws Exception {
        assumeTrue(TestModels.goldenPresent(), "no golden vectors at " + TestModels.goldenDir());
        golden = GoldenCases.load(TestModels.goldenDir());
        model = OnnxModel.load(ModelDescriptor.load(TestModels.defaultModelDir()), SessionSettings.cpu(2));
        preprocessor = new Preprocessor(model.descriptor().preprocessing());
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void shouldPreprocessEveryGoldenDicomToPythonsTensor() throws Exception {
        assertThat(golden.cases()).isNotEmpty();
        DicomReader reader = new DicomReader();
        double worst = 0;
        for (GoldenCases.Case c : golden.cases()) {
            StoredImage image = reader.read(c.dicom());
            if (c.rows() != null) {
                assertThat(image.rows()).as(c.name() + " rows").isEqualTo(c.rows());
                assertThat(image.columns()).as(c.name() + " columns").isEqualTo(c.columns());
                assertThat(image.photometric()).as(c.name() + " photometric").isEqualTo(c.photometric());
            }
            FloatBuffer java = preprocessor.preprocess(image);
            assertThat(java.capacity()).as(c.name() + " tensor size").isEqualTo(c.input().length);
            double max = 0;
            for (int i = 0; i < c.input().length; i++) {
                max = Math.max(max, Math.abs(java.get(i) - c.input()[i]));
            }
            System.out.printf("golden %s: input max abs diff %.3g%n", c.name(), max);
            assertThat(max).as(c.name() + " input max abs diff").isLessThanOrEqualTo(golden.inputTolerance());
            worst = Math.max(worst, max);
        }
        System.out.printf(
                "golden: input max abs diff over %d cases %.3g (tolerance %.1g)%n",
                golden.cases().size(), worst, golden.inputTolerance());
    }

    @Test
    void shouldReproducePythonsOutputsWithOnnxRuntimeInJava() throws Exception {
        DicomReader reader = new DicomReader();
        double worst = 0;
        double worstCam = 0;
        for (GoldenCases.Case c : golden.cases()) {
            FloatBuffer x = preprocessor.preprocess(reader.read(c.dicom()));
            Prediction p = model.run(x, 1, Optional.empty()).predictions().get(0);
            double max = Math.max(maxAbs(p.probabilities(), c.probs()), maxAbs(p.spread(), c.spread()));
            max = Math.max(max, Math.abs(p.uncertainty() - c.uncertainty()));
            double cam = c.camSumDiff(p.camSum(), p.camAbsSum());
            System.out.printf("golden %s: outputs max abs diff %.3g, cam_sum relative diff %.3g%n", c.name(), max, cam);
            assertThat(max)
                    .as(c.name() + " probs/spread/uncertainty max abs diff")
                    .isLessThanOrEqualTo(golden.outputTolerance());
            assertThat(cam).as(c.name() + " cam_sum relative diff").isLessThanOrEqualTo(golden.outputTolerance());
            worst = Math.max(worst, max);
            worstCam = Math.max(worstCam, cam);
        }
        System.out.printf("golden: outputs max abs diff %.3g, cam_sum max relative diff %.3g%n", worst, worstCam);
    }

    private static double maxAbs(double[] a, double[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
