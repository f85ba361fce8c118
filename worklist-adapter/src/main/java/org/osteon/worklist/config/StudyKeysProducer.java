package org.osteon.worklist.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.osteon.schemas.key.StudyKeys;

/**
 * The adapter's one view of the pseudonyms: study keys, from the study-key secret
 * ({@code osteon.worklist.study-key-secret}) and never from the master secret, so that the web tier cannot
 * compute patient keys, UID replacements or date shifts. Its constructor refuses a malformed secret.
 */
public class StudyKeysProducer {

    /** The master secret's key: de-identification's alone. */
    static final String MASTER_SECRET = "osteon.deid.hmac-secret";

    @Produces
    @Singleton
    StudyKeys studyKeys(WorklistConfig config, Config raw) {
        refuseTheMasterSecret(raw);
        return new StudyKeys(config.worklist().studyKeySecret(), config.deid().keyId());
    }

    /**
     * Fails start-up when the master secret reaches this process (e.g. {@code OSTEON_DEID_HMAC_SECRET} left in
     * its environment): the adapter never reads it, but holding it would undo the separation of keys.
     */
    static void refuseTheMasterSecret(Config raw) {
        if (raw.getOptionalValue(MASTER_SECRET, String.class).isPresent()) {
            throw new IllegalStateException(MASTER_SECRET + " (OSTEON_DEID_HMAC_SECRET) is set for the worklist adapter:"
                    + " it is the master pseudonym secret and belongs to de-identification only. Remove it and set"
                    + " osteon.worklist.study-key-secret (OSTEON_WORKLIST_STUDY_KEY_SECRET) to what"
                    + " ./osteon derive-study-key prints for it.");
        }
    }
}
