package org.osteon.platform.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.osteon.schemas.key.PseudonymSecrets;
import org.osteon.schemas.key.Pseudonymizer;

/**
 * The {@link Pseudonymizer}, every pseudonym key, for de-identification: made from the master secret
 * ({@code osteon.deid.hmac-secret}) and its key id. Only a service that injects a {@code Pseudonymizer}
 * (the streams app) reads the master secret; this bean is discovered in every service that uses the
 * platform but does nothing until then, so the worklist adapter, which must never hold that secret,
 * never asks for it. The service's own config mapping declares and validates the key ({@link MasterSecret}).
 */
public class PseudonymizerProducer {

    // Singleton, not ApplicationScoped: Pseudonymizer is final and cannot be proxied.
    @Produces
    @Singleton
    Pseudonymizer pseudonymizer(Config config) {
        return of(config);
    }

    /** The pseudonymizer the configuration names; refuses a secret the rule refuses, never echoing it. */
    public static Pseudonymizer of(Config config) {
        String secret = config.getValue(PseudonymSecrets.MASTER_SECRET_KEY, String.class);
        return new Pseudonymizer(secret, config.getValue(PseudonymSecrets.KEY_ID_KEY, String.class));
    }
}
