package org.osteon.worklist.promotion;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.osteon.worklist.config.WorklistConfig;

/** Made at start-up, so a promotion link configured wrongly stops the adapter instead of failing an approval. */
@ApplicationScoped
public class ScoringLinkProducer {

    @Produces
    @Singleton
    @Startup
    Optional<ScoringLink> scoringLink(WorklistConfig config) {
        return ScoringLink.from(config.modelPromotion());
    }
}
