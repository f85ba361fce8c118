package org.osteon.scoring.pipeline;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.osteon.scoring.config.ScoringConfig;
import org.osteon.scoring.lifecycle.ModelLoader;
import org.osteon.scoring.lifecycle.Models;
import org.osteon.scoring.lifecycle.Promotions;
import org.osteon.scoring.lifecycle.SwapPolicy;

/**
 * Loads the primary model (and the shadow model, when configured), each verified against its golden
 * vectors. A model that cannot be loaded fails start-up: a scoring service without its model has
 * nothing useful to do.
 */
@ApplicationScoped
public class ModelProducer {

    private static final Logger LOG = Logger.getLogger(ModelProducer.class);

    @Produces
    @Singleton
    Models models(ScoringConfig config) {
        return Models.open(
                new ModelLoader(ModelLoader.settings(config)),
                Path.of(config.modelDir()),
                config.shadowModelDir().map(Path::of));
    }

    /**
     * What a model swap may load; empty while swap is off. Made at start-up, so that swap turned on
     * without a valid models root and pinned digests stops the service instead of failing a swap later.
     */
    @Produces
    @Singleton
    @Startup
    Optional<SwapPolicy> swapPolicy(ScoringConfig config) {
        return SwapPolicy.from(config);
    }

    /**
     * Pins, promotions and rollbacks, audited in the models root; empty while swap is off. Made at
     * start-up so that a primary other than the one the audit's last promotion or rollback left
     * standing (a restart loads {@code model-dir}) is logged as an ERROR at once.
     */
    @Produces
    @Singleton
    @Startup
    Optional<Promotions> promotions(Models models, Optional<SwapPolicy> swapPolicy, ScoringConfig config) {
        List<Path> configured = new ArrayList<>();
        configured.add(Path.of(config.modelDir()));
        config.shadowModelDir().map(Path::of).ifPresent(configured::add);
        Optional<Promotions> promotions = swapPolicy.map(policy -> new Promotions(
                models, policy.audit(), Clock.systemUTC(), configured, config.promotionLockedReferenceSha256()));
        promotions.flatMap(Promotions::standingMismatch).ifPresent(m -> LOG.errorf("standing promotion undone: %s", m));
        return promotions;
    }

    void close(@Disposes Models models) {
        models.close();
    }
}
