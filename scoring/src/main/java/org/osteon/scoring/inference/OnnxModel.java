package org.osteon.scoring.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import java.nio.FloatBuffer;
import java.nio.file.Path;
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
 * without copying. The session is thread-safe: each of scoring's inference workers runs its own batches on it.
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
     * Opens a session on the configured device. A CUDA provider that cannot be added or cannot create
     * the session is fatal unless {@code allowCpuFallback}; then it is logged loudly and CPU is used.
     */
    public static OnnxModel load(ModelDescriptor descriptor, SessionSettings settings) {
        return load(descriptor, descriptor.modelFile(), settings);
    }

    /**
     * As {@link #load(ModelDescriptor, SessionSettings)}, with the graph read from {@code graph}: a
     * verified copy of the file the descriptor names, whose folder the descriptor still reports.
     */
    public static OnnxModel load(ModelDescriptor descriptor, Path graph, SessionSettings settings) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        String path = graph.toString();
        if (settings.device() == Device.CUDA) {
            OrtSession cudaSession = tryCuda(env, path, settings);
            if (cudaSession != null) {
                LOG.infof(
                        "ONNX Runtime session for %s %s: execution provider CUDA, device %d (cudnn_conv_algo_search=%s,"
                                + " arena_extend_strategy=%s, graph optimisation %s)",
                        descriptor.name(),
                        descriptor.version(),
                        settings.cudaDeviceId(),
                        settings.cudnnConvAlgoSearch(),
                        settings.arenaExtendStrategy(),
                        settings.optimizationLevel());
                return checked(new OnnxModel(env, cudaSession, descriptor, CUDA));
            }
        }
        try (OrtSession.SessionOptions options = options(settings)) {
            OrtSession session = env.createSession(path, options);
            LOG.infof(
                    "ONNX Runtime session for %s %s: execution provider CPU (%d intra-op threads, graph optimisation %s)",
                    descriptor.name(), descriptor.version(), settings.intraOpThreads(), settings.optimizationLevel());
            return checked(new OnnxModel(env, session, descriptor, CPU));
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load model " + path + ": " + e.getMessage(), e);
        }
    }

    /** A CUDA session, or null (logged) when CUDA cannot be used and CPU fallback is allowed. */
    private static OrtSession tryCuda(OrtEnvironment env, String path, SessionSettings settings) {
        // The CPU artifact throws on addCUDA; the GPU artifact throws here or at session creation when
        // libcublas/cudnn are missing. The options object is discarded either way.
        try (OrtSession.SessionOptions options = options(settings);
                OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(settings.cudaDeviceId())) {
            cuda.add("cudnn_conv_algo_search", settings.cudnnConvAlgoSearch());
            cuda.add("arena_extend_strategy", settings.arenaExtendStrategy());
            settings.gpuMemLimitBytes().ifPresent(limit -> addUnchecked(cuda, "gpu_mem_limit", Long.toString(limit)));
            options.addCUDA(cuda);
            return env.createSession(path, options);
        } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
            if (!settings.allowCpuFallback()) {
                throw new IllegalStateException(
                        "device=cuda but the CUDA execution provider is unavailable (" + firstLine(e)
                                + "); set osteon.scoring.allow-cpu-fallback=true to run on CPU instead",
                        e);
            }
            LOG.warnf(
                    "CUDA execution provider unavailable (%s); FALLING BACK TO CPU because allow-cpu-fallback=true."
                            + " Build with -Pgpu (onnxruntime_gpu) and provide CUDA 12 and cuDNN 9 to run on a GPU.",
                    firstLine(e));
            return null;
        }
    }

    private static void addUnchecked(OrtCUDAProviderOptions cuda, String key, String value) {
        try {
            cuda.add(key, value);
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OrtSession.SessionOptions options(SessionSettings settings) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(settings.intraOpThreads());
        options.addConfigEntry("session.intra_op.allow_spinning", settings.intraOpSpinning() ? "1" : "0");
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.valueOf(settings.optimizationLevel()));
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
            throw new IllegalStateException(
                    "model.json inputs " + wantedInputs + " do not match the graph's " + inputs.keySet());
        }
        var o = descriptor.outputs();
        for (String name : List.of(o.probs(), o.spread(), o.uncertainty(), o.cam())) {
            if (!outputs.containsKey(name)) {
                throw new IllegalStateException(
                        "model.json output '" + name + "' is not in the graph " + outputs.keySet());
            }
        }
        if (outputs.get(o.probs()).getInfo() instanceof TensorInfo t
                && t.getShape().length == 2
                && t.getShape()[1] > 0
                && t.getShape()[1] != descriptor.labels().size()) {
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
            feed.put(
                    descriptor.imageInput(),
                    OnnxTensor.createTensor(env, window(images, n * size * size), new long[] {n, 1, size, size}));
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
        int[] camShape = camShape(result, o.cam(), camPerImage);
        List<Prediction> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] map = new float[camPerImage];
            System.arraycopy(cam, i * camPerImage, map, 0, camPerImage);
            out.add(new Prediction(slice(probs, i * k, k), slice(spread, i * k, k), uncertainty[i], map, camShape));
        }
        return out;
    }

    /** [h, w] of one image's map when the output is [N, h, w]; else one row of all cells. */
    private static int[] camShape(OrtSession.Result result, String name, int cells) {
        if (result.get(name).orElseThrow().getInfo() instanceof TensorInfo t
                && t.getShape().length == 3
                && t.getShape()[1] * t.getShape()[2] == cells) {
            return new int[] {(int) t.getShape()[1], (int) t.getShape()[2]};
        }
        return new int[] {1, cells};
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
