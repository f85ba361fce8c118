package org.osteon.scoring.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.osteon.scoring.model.ClinicalInput;
import org.osteon.scoring.model.ModelDescriptor;

/**
 * One ONNX Runtime session over the model named by model.json, run on whole micro-batches.
 *
 * <p>Inputs come from direct, native-order buffers holding N images back to back, so ORT reads them
 * without copying. The session is thread-safe, but scoring drives it from one loop thread.
 */
public final class OnnxModel implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OnnxModel.class);

    /** Execution provider names as they appear on every scored event. */
    public static final String CPU = "CPU";
    public static final String CUDA = "CUDA";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelDescriptor descriptor;
    private final String executionProvider;
    private final int size;

    private OnnxModel(OrtEnvironment env, OrtSession session, ModelDescriptor descriptor, String executionProvider) {
        this.env = env;
        this.session = session;
        this.descriptor = descriptor;
        this.executionProvider = executionProvider;
        this.size = descriptor.preprocessing().size();
    }

    /**
     * Opens a session. With {@code AUTO}, a CUDA provider that cannot be added or cannot create the
     * session is logged and CPU is used; with {@code CUDA} the same failure is fatal.
     */
    public static OnnxModel load(ModelDescriptor descriptor, ExecutionProviderChoice choice, int intraOpThreads) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        String path = descriptor.modelFile().toString();
        if (choice != ExecutionProviderChoice.CPU) {
            OrtSession cudaSession = tryCuda(env, path, choice, intraOpThreads);
            if (cudaSession != null) {
                LOG.infof("ONNX Runtime session for %s %s on CUDA device 0", descriptor.name(), descriptor.version());
                return checked(new OnnxModel(env, cudaSession, descriptor, CUDA));
            }
        }
        try (OrtSession.SessionOptions options = options(intraOpThreads)) {
            OrtSession session = env.createSession(path, options);
            LOG.infof("ONNX Runtime session for %s %s on CPU (%d intra-op threads)", descriptor.name(),
                    descriptor.version(), intraOpThreads);
            return checked(new OnnxModel(env, session, descriptor, CPU));
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load model " + path + ": " + e.getMessage(), e);
        }
    }

    /** A CUDA session, or null (logged) when AUTO and CUDA cannot be used; CUDA mode fails instead. */
    private static OrtSession tryCuda(OrtEnvironment env, String path, ExecutionProviderChoice choice, int threads) {
        // The CPU artifact throws on addCUDA; the GPU artifact throws here or at session creation when
        // libcublas/cudnn are missing. The options object is discarded either way.
        try (OrtSession.SessionOptions options = options(threads)) {
            options.addCUDA(0);
            return env.createSession(path, options);
        } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
            if (choice == ExecutionProviderChoice.CUDA) {
                throw new IllegalStateException("execution-provider=cuda but CUDA is unavailable: " + firstLine(e), e);
            }
            LOG.warnf("CUDA execution provider unavailable (%s); FALLING BACK TO CPU. Build with -Pgpu"
                    + " (onnxruntime_gpu) and provide CUDA 12 libraries to run on a GPU.", firstLine(e));
            return null;
        }
    }

    private static OrtSession.SessionOptions options(int intraOpThreads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(intraOpThreads);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return options;
    }

    /** model.json and the graph must agree on names and label count, or the scores mean nothing. */
    private static OnnxModel checked(OnnxModel model) {
        try {
            model.verifyAgainstGraph();
            return model;
        } catch (RuntimeException | OrtException e) {
            model.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        }
    }

    private void verifyAgainstGraph() throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        List<String> wantedInputs = new ArrayList<>(List.of(descriptor.imageInput()));
        descriptor.clinicalInput().ifPresent(c -> wantedInputs.add(c.name()));
        if (!inputs.keySet().containsAll(wantedInputs) || inputs.size() != wantedInputs.size()) {
            throw new IllegalStateException("model.json inputs " + wantedInputs + " do not match the graph's " + inputs.keySet());
        }
        var o = descriptor.outputs();
        for (String name : List.of(o.probs(), o.spread(), o.uncertainty(), o.cam())) {
            if (!outputs.containsKey(name)) {
                throw new IllegalStateException("model.json output '" + name + "' is not in the graph " + outputs.keySet());
            }
        }
        if (outputs.get(o.probs()).getInfo() instanceof TensorInfo t && t.getShape().length == 2
                && t.getShape()[1] > 0 && t.getShape()[1] != descriptor.labels().size()) {
            throw new IllegalStateException("graph output '" + o.probs() + "' has " + t.getShape()[1]
                    + " classes but model.json lists " + descriptor.labels().size() + " labels");
        }
    }

    /** "CPU" or "CUDA": the provider actually running the graph. */
    public String executionProvider() {
        return executionProvider;
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    /**
     * Runs one batch.
     *
     * @param images   {@code n * S * S} floats from index 0, a direct native-order buffer
     * @param n        images in the batch
     * @param clinical {@code n * F} floats when the model has a clinical input, else empty
     */
    public BatchResult run(FloatBuffer images, int n, Optional<FloatBuffer> clinical) throws OrtException {
        if (n < 1) {
            return new BatchResult(List.of(), 0.0);
        }
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            feed.put(descriptor.imageInput(), OnnxTensor.createTensor(env, window(images, n * size * size),
                    new long[] {n, 1, size, size}));
            Optional<ClinicalInput> ci = descriptor.clinicalInput();
            if (ci.isPresent()) {
                int f = ci.get().features().size();
                FloatBuffer values = clinical.orElseThrow(() -> new IllegalArgumentException(
                        "model needs clinical input '" + ci.get().name() + "'"));
                feed.put(ci.get().name(), OnnxTensor.createTensor(env, window(values, n * f), new long[] {n, f}));
            }
            long start = System.nanoTime();
            try (OrtSession.Result result = session.run(feed)) {
                double millis = (System.nanoTime() - start) / 1e6;
                return new BatchResult(split(result, n), millis);
            }
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private static FloatBuffer window(FloatBuffer buffer, int length) {
        if (buffer.capacity() < length) {
            throw new IllegalArgumentException("buffer holds " + buffer.capacity() + " floats, batch needs " + length);
        }
        return buffer.duplicate().position(0).limit(length).slice();
    }

    private List<Prediction> split(OrtSession.Result result, int n) throws OrtException {
        var o = descriptor.outputs();
        float[] probs = floats(result, o.probs());
        float[] spread = floats(result, o.spread());
        float[] uncertainty = floats(result, o.uncertainty());
        float[] cam = floats(result, o.cam());
        int k = descriptor.labels().size();
        if (probs.length != n * k || spread.length != n * k || uncertainty.length != n || cam.length % n != 0) {
            throw new IllegalStateException("unexpected output sizes for a batch of " + n + ": probs " + probs.length
                    + ", spread " + spread.length + ", uncertainty " + uncertainty.length + ", cam " + cam.length);
        }
        int camPerImage = cam.length / n;
        List<Prediction> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double camSum = 0.0;
            for (int j = 0; j < camPerImage; j++) {
                camSum += cam[i * camPerImage + j];
            }
            out.add(new Prediction(slice(probs, i * k, k), slice(spread, i * k, k), uncertainty[i], camSum));
        }
        return out;
    }

    private static float[] floats(OrtSession.Result result, String name) throws OrtException {
        Optional<OnnxValue> value = result.get(name);
        if (value.isEmpty() || !(value.get() instanceof OnnxTensor tensor)) {
            throw new IllegalStateException("model produced no tensor '" + name + "'");
        }
        FloatBuffer fb = tensor.getFloatBuffer();
        float[] out = new float[fb.remaining()];
        fb.get(out);
        return out;
    }

    private static double[] slice(float[] values, int from, int length) {
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = values[from + i];
        }
        return out;
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warnf("closing ONNX Runtime session: %s", e.getMessage());
        }
    }
}
