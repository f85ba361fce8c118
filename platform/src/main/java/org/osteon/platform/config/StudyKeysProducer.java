package org.osteon.platform.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.osteon.schemas.key.PseudonymSecrets;
import org.osteon.schemas.key.StudyKeys;

/**
 * {@link StudyKeys} for the worklist adapter: from the study-key secret
 * ({@code osteon.worklist.study-key-secret}) and never from the master secret, so that the web tier cannot
 * compute patient keys, UID replacements or date shifts. A product of its own, not a view of
 * {@link PseudonymizerProducer}'s: whoever holds study keys must not need the master secret to get them.
 * Discovered in every service that uses the platform, read only where {@code StudyKeys} is injected.
 */
public class StudyKeysProducer {

    @Produces
    @Singleton
    StudyKeys studyKeys(Config config) {
        return of(config);
    }

    /** The study keys the configuration names, after refusing a master secret in the same configuration. */
    public static StudyKeys of(Config config) {
        refuseTheMasterSecret(config);
        return new StudyKeys(
                config.getValue(PseudonymSecrets.STUDY_KEY_SECRET_KEY, String.class),
                config.getValue(PseudonymSecrets.KEY_ID_KEY, String.class));
    }

    /**
     * Fails start-up when the master secret reaches a study-key holder (e.g. {@code OSTEON_DEID_HMAC_SECRET}
     * left in its environment): it never reads it, but holding it would undo the separation of keys.
     */
    public static void refuseTheMasterSecret(Config config) {
        if (config.getOptionalValue(PseudonymSecrets.MASTER_SECRET_KEY, String.class)
                .isPresent()) {
            throw new IllegalStateException(PseudonymSecrets.MASTER_SECRET_KEY + " ("
                    + PseudonymSecrets.MASTER_SECRET_ENV
                    + ") is set for a service that holds study keys only: it is the master pseudonym secret and"
                    + " belongs to de-identification only. Remove it and set " + PseudonymSecrets.STUDY_KEY_SECRET_KEY
                    + " (" + PseudonymSecrets.STUDY_KEY_SECRET_ENV
                    + ") to what ./osteon derive-study-key prints for it.");
        }
    }
}
