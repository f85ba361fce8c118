package org.osteon.scoring.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.osteon.scoring.config.ScoringConfig;
import org.osteon.scoring.lifecycle.ModelLoader;
import org.osteon.scoring.lifecycle.Models;

/**
 * Loads the primary model (and the shadow model, when configured), each verified against its golden
 * vectors. A model that cannot be loaded fails start-up: a scoring service without its model has
 * nothing useful to do.
 */
@ApplicationScoped
public class ModelProducer {

    @Produces
    @Singleton
    Models models(ScoringConfig config) {
        return Models.open(new ModelLoader(ModelLoader.settings(config)), Path.of(config.modelDir()),
                config.shadowModelDir().map(Path::of));
    }

    void close(@Disposes Models models) {
        models.close();
    }
}
