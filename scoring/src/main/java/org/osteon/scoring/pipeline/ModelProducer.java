package org.osteon.scoring.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.osteon.scoring.config.ScoringConfig;
import org.osteon.scoring.inference.OnnxModel;
import org.osteon.scoring.model.ModelDescriptor;

/**
 * Loads model.json and opens the one ONNX Runtime session the service uses. A model that cannot be
 * loaded fails start-up: a scoring service without its model has nothing useful to do.
 */
@ApplicationScoped
public class ModelProducer {

    @Produces
    @Singleton
    OnnxModel model(ScoringConfig config) {
        ModelDescriptor descriptor = ModelDescriptor.load(Path.of(config.modelDir()));
        return OnnxModel.load(descriptor, config.executionProvider(), config.intraOpThreads());
    }

    void close(@Disposes OnnxModel model) {
        model.close();
    }
}
