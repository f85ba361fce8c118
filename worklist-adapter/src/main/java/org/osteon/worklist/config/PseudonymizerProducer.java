package org.osteon.worklist.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.osteon.schemas.key.Pseudonymizer;

/** One Pseudonymizer from configuration; its constructor rejects a short secret. */
public class PseudonymizerProducer {

    @Produces
    @Singleton
    Pseudonymizer pseudonymizer(OsteonConfig config) {
        return new Pseudonymizer(config.deid().hmacSecret(), config.deid().keyId());
    }
}
