package org.osteon.schemas.key;

import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * Study keys and nothing else: the Study Instance UID to the study pseudonym that keys every research
 * topic, exactly as {@link Pseudonymizer#studyKey} makes it. Built from the study-key secret that
 * {@link PseudonymKeys#studyKeySecret} derives from the master secret, so its holder (the worklist adapter)
 * can join PHI-zone rows to study decisions and cannot compute patient keys, UID replacements, date shifts,
 * series or instance keys, nor recover the master secret.
 */
public final class StudyKeys {

    private final SecretKeySpec key;
    private final String keyId;

    /**
     * @param studyKeySecret {@value PseudonymKeys#STUDY_KEY_SECRET_PREFIX} and 64 hex digits, as
     *     {@code ./osteon derive-study-key} prints it
     * @param keyId identifier of the master secret it was derived from (never a secret)
     */
    public StudyKeys(String studyKeySecret, String keyId) {
        this(parse(studyKeySecret), keyId);
    }

    StudyKeys(byte[] studyKey, String keyId) {
        this.key = Keyed.key(studyKey);
        this.keyId = Objects.requireNonNull(keyId, "keyId");
    }

    /** Identifier of the master secret these keys come from, recorded so keys can be rotated. */
    public String keyId() {
        return keyId;
    }

    public String studyKey(String studyInstanceUid) {
        return Keyed.base32(Keyed.hmac(key, "study", studyInstanceUid), 32);
    }

    private static byte[] parse(String secret) {
        // The rule never echoes the value: it may be a master secret put in the wrong place.
        PseudonymSecrets.requireStudyKeySecret(secret);
        return HexFormat.of().parseHex(secret.substring(PseudonymKeys.STUDY_KEY_SECRET_PREFIX.length()));
    }
}
