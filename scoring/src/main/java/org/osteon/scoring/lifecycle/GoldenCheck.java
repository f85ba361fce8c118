package org.osteon.scoring.lifecycle;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.osteon.scoring.dicom.DicomReader;
import org.osteon.scoring.inference.OnnxModel;
import org.osteon.scoring.inference.Prediction;
import org.osteon.scoring.model.GoldenCases;
import org.osteon.scoring.preprocess.Preprocessor;

/**
 * A model must reproduce its own golden vectors (model folder {@code golden/golden.json}) on this
 * service's DICOM reader, preprocessing and session before it may score anything: a model whose Java
 * path disagrees with training is refused at the door, not discovered in the scores. A model without
 * golden vectors is refused too, since nothing would show that it runs here as it was exported.
 */
public final class GoldenCheck {

    private GoldenCheck() {}

    /**
     * The number of cases checked, at least one; throws when {@code dir} (the model's {@code golden}
     * folder) holds no golden vectors and on the first case the model does not reproduce.
     */
    public static int verify(OnnxModel model, Path dir) {
        if (!Files.isRegularFile(dir.resolve("golden.json"))) {
            throw new IllegalStateException("no golden vectors (" + dir.resolve("golden.json")
                    + "): a model must reproduce its export on this service before it scores");
        }
        GoldenCases golden;
        try {
            golden = GoldenCases.load(dir);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + dir.resolve("golden.json") + ": " + e, e);
        }
        if (model.descriptor().clinicalInput().isPresent()) {
            // Golden cases carry no clinical features; the tensor check alone would say nothing about them.
            throw new IllegalStateException("golden vectors of a model with clinical inputs cannot be checked here");
        }
        if (golden.cases().isEmpty()) {
            throw new IllegalStateException(dir.resolve("golden.json") + " lists no cases");
        }
        Preprocessor preprocessor = new Preprocessor(model.descriptor().preprocessing());
        DicomReader reader = new DicomReader();
        for (GoldenCases.Case c : golden.cases()) {
            FloatBuffer x;
            Prediction p;
            try {
                x = preprocessor.preprocess(reader.read(c.dicom()));
                p = model.run(x, 1, Optional.empty()).predictions().get(0);
            } catch (Exception e) {
                throw new IllegalStateException("golden case " + c.name() + " cannot be scored: " + e, e);
            }
            double input = 0;
            for (int i = 0; i < c.input().length; i++) {
                input = Math.max(input, Math.abs(x.get(i) - c.input()[i]));
            }
            double out = Math.max(maxAbs(p.probabilities(), c.probs()), maxAbs(p.spread(), c.spread()));
            out = Math.max(out, Math.abs(p.uncertainty() - c.uncertainty()));
            double cam = c.camSumDiff(p.camSum(), p.camAbsSum());
            // NaN compares false either way: only a difference within the tolerance passes.
            if (!(input <= golden.inputTolerance())
                    || !(out <= golden.outputTolerance())
                    || !(cam <= golden.outputTolerance())) {
                throw new IllegalStateException(String.format(
                        "golden case %s: input diff %.3g (tolerance %.1g),"
                                + " output diff %.3g, cam sum and norm relative diff %.3g (tolerance %.1g)",
                        c.name(), input, golden.inputTolerance(), out, cam, golden.outputTolerance()));
            }
        }
        return golden.cases().size();
    }

    private static double maxAbs(double[] a, double[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
