package org.osteon.schemas.key;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for the two pseudonym secrets, used by the key classes and by every service's
 * configuration check, so that start-up and key derivation can never disagree about what is accepted.
 * Problems are described by the configuration key and environment name, never by the value: a secret
 * put in the wrong place must not end up in a log.
 */
public final class PseudonymSecrets {

    /** The master secret's key: de-identification's alone. */
    public static final String MASTER_SECRET_KEY = "osteon.deid.hmac-secret";

    /** The master secret's environment name. */
    public static final String MASTER_SECRET_ENV = "OSTEON_DEID_HMAC_SECRET";

    /** The worklist adapter's study-key secret. */
    public static final String STUDY_KEY_SECRET_KEY = "osteon.worklist.study-key-secret";

    /** The study-key secret's environment name. */
    public static final String STUDY_KEY_SECRET_ENV = "OSTEON_WORKLIST_STUDY_KEY_SECRET";

    /** Identifier (never the value) of the master secret, recorded in events; mapped by every service using keys. */
    public static final String KEY_ID_KEY = "osteon.deid.key-id";

    /** Shortest master secret accepted: 32 bytes, the HMAC-SHA256 block-strength guidance of RFC 2104. */
    public static final int MIN_MASTER_SECRET_BYTES = 32;

    private static final Pattern STUDY_KEY_SECRET =
            Pattern.compile(Pattern.quote(PseudonymKeys.STUDY_KEY_SECRET_PREFIX) + "[0-9a-fA-F]{64}");

    private PseudonymSecrets() {}

    /**
     * Why {@code secret} cannot be the master secret, or empty when it can. Bytes are counted in UTF-8,
     * because that is what HKDF is given: a 32-character secret with non-ASCII letters is longer, never shorter.
     */
    public static Optional<String> masterSecretProblem(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.of(MASTER_SECRET_KEY + " (" + MASTER_SECRET_ENV + ") is blank");
        }
        if (secret.startsWith(PseudonymKeys.STUDY_KEY_SECRET_PREFIX)) {
            return Optional.of(MASTER_SECRET_KEY + " (" + MASTER_SECRET_ENV + ") is a study-key secret ("
                    + PseudonymKeys.STUDY_KEY_SECRET_PREFIX + "...), which belongs to the worklist adapter;"
                    + " de-identification needs the master secret");
        }
        int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_MASTER_SECRET_BYTES) {
            return Optional.of(MASTER_SECRET_KEY + " (" + MASTER_SECRET_ENV + ") must be at least "
                    + MIN_MASTER_SECRET_BYTES + " bytes, got " + bytes);
        }
        return Optional.empty();
    }

    /** Why {@code secret} cannot be the study-key secret, or empty when it can. */
    public static Optional<String> studyKeySecretProblem(String secret) {
        if (secret == null || !STUDY_KEY_SECRET.matcher(secret).matches()) {
            return Optional.of(STUDY_KEY_SECRET_KEY + " (" + STUDY_KEY_SECRET_ENV + ") must be "
                    + PseudonymKeys.STUDY_KEY_SECRET_PREFIX + " followed by 64 hex digits, as ./osteon derive-study-key"
                    + " prints it from the master pseudonym secret; the master secret itself never goes to the"
                    + " worklist adapter");
        }
        return Optional.empty();
    }

    /** The master secret, refused with {@link IllegalArgumentException} when the rule says no. */
    public static String requireMasterSecret(String secret) {
        masterSecretProblem(secret).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        return secret;
    }

    /** The study-key secret, refused with {@link IllegalArgumentException} when the rule says no. */
    public static String requireStudyKeySecret(String secret) {
        studyKeySecretProblem(secret).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        return secret;
    }
}
