package org.osteon.scoring.lifecycle;

import java.nio.file.Path;
import java.util.OptionalLong;
import org.jboss.logging.Logger;
import org.osteon.scoring.config.ScoringConfig;
import org.osteon.scoring.inference.OnnxModel;
import org.osteon.scoring.inference.SessionSettings;
import org.osteon.scoring.model.ModelDescriptor;

/**
 * Opens a model folder the way the service runs it: model.json read and validated, one session on the
 * configured device, and the model's golden vectors reproduced before it is handed out.
 */
public final class ModelLoader {

    private static final Logger LOG = Logger.getLogger(ModelLoader.class);

    private final SessionSettings settings;

    public ModelLoader(SessionSettings settings) {
        this.settings = settings;
    }

    /** The session settings the configuration asks for. */
    public static SessionSettings settings(ScoringConfig config) {
        ScoringConfig.Cuda cuda = config.cuda();
        return new SessionSettings(config.device(), config.allowCpuFallback(), config.intraOpThreads(),
                config.intraOpSpinning(), config.graphOptimizationLevel(), cuda.deviceId(), cuda.cudnnConvAlgoSearch(),
                cuda.arenaExtendStrategy(), cuda.gpuMemLimitMb().map(mb -> OptionalLong.of(mb * 1024 * 1024))
                        .orElse(OptionalLong.empty()));
    }

    public SessionSettings settings() {
        return settings;
    }

    /**
     * Loads and verifies {@code dir}; the session is closed again when verification fails, so a refused
     * candidate holds no memory.
     */
    public OnnxModel load(Path dir) {
        OnnxModel model = OnnxModel.load(ModelDescriptor.load(dir), settings);
        try {
            int cases = GoldenCheck.verify(model);
            LOG.infof("model %s %s from %s: %s", model.descriptor().name(), model.descriptor().version(),
                    dir.toAbsolutePath(), cases == 0 ? "no golden vectors to check" : cases + " golden cases reproduced");
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
