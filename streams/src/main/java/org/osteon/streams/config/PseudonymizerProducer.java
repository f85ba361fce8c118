package org.osteon.streams.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;
import org.osteon.schemas.key.Pseudonymizer;

/** One pseudonymizer for the app: every pseudonym key, derived from the configured master secret. */
@ApplicationScoped
public class PseudonymizerProducer {

    // Singleton, not ApplicationScoped: Pseudonymizer is final and cannot be proxied.
    @Produces
    @Singleton
    Pseudonymizer pseudonymizer(StreamsConfig config) {
        return new Pseudonymizer(config.deid().hmacSecret(), config.deid().keyId());
    }
}
