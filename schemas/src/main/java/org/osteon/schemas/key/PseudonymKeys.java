package org.osteon.schemas.key;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One configured master secret ({@code osteon.deid.hmac-secret}), one key per purpose: each purpose's key is
 * HKDF-SHA256 (RFC 5869) of the master secret with its own label, so that a service can be given the key
 * of the one purpose it serves and nothing else. Only de-identification (streams) holds the master secret;
 * the worklist adapter holds the {@link Purpose#STUDY} key alone ({@link StudyKeys}), so a compromised web
 * tier can join its rows to study decisions and cannot compute patient keys, UID replacements or date
 * shifts. docs/deidentification.md ("Keys") lists who holds what.
 */
public final class PseudonymKeys {

    /** Shortest master secret accepted; the rule is {@link PseudonymSecrets#masterSecretProblem}. */
    public static final int MIN_SECRET_BYTES = PseudonymSecrets.MIN_MASTER_SECRET_BYTES;

    /**
     * Start of a study-key secret. It tells the worklist's secret from a master secret, so that neither
     * is accepted where the other belongs: a master secret handed to the worklist would put every key
     * back in the web tier.
     */
    public static final String STUDY_KEY_SECRET_PREFIX = "osteon-study-key:";

    /** Length of every derived key: HashLen, the full strength of HMAC-SHA256. */
    public static final int KEY_BYTES = Hkdf.HASH_LEN;

    /** Fixed, public HKDF salt (RFC 5869 3.1): it binds every derived key to this use of the secret. */
    private static final byte[] SALT = "org.osteon.pseudonym-keys".getBytes(StandardCharsets.UTF_8);

    /** What a key is for; its label is the HKDF {@code info}, and never changes once keys are in use. */
    public enum Purpose {
        /** Replacement DICOM UIDs ({@code 2.25.}) written into de-identified objects. */
        UID("uid"),
        /** The patient pseudonym (Patient's Name and Patient ID of de-identified objects). */
        PATIENT("patient"),
        /** The per-patient date shift. */
        DATE_SHIFT("date-shift"),
        /** Study keys: the key of every research topic, and what the worklist joins decisions on. */
        STUDY("study-key"),
        /**
         * Series and instance keys. One key for both (their HMAC domain tags keep them apart), apart from
         * UID replacements: whoever is one day given the means to name a study's research objects need not
         * also get the means to rewrite UIDs, and the reverse.
         */
        OBJECT("object-key");

        private final String label;

        Purpose(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private PseudonymKeys() {}

    /** The key of one purpose, {@value #KEY_BYTES} bytes, from the master secret. */
    public static byte[] derive(String masterSecret, Purpose purpose) {
        Objects.requireNonNull(purpose, "purpose");
        return Hkdf.derive(
                SALT, masterSecretBytes(masterSecret), purpose.label().getBytes(StandardCharsets.UTF_8), KEY_BYTES);
    }

    /**
     * The worklist adapter's {@code osteon.worklist.study-key-secret}: {@value #STUDY_KEY_SECRET_PREFIX}
     * and the {@link Purpose#STUDY} key in 64 lower-case hex digits.
     */
    public static String studyKeySecret(String masterSecret) {
        return STUDY_KEY_SECRET_PREFIX + HexFormat.of().formatHex(derive(masterSecret, Purpose.STUDY));
    }

    /** The master secret's bytes (UTF-8), refused by {@link PseudonymSecrets}'s rule, the one start-up checks too. */
    static byte[] masterSecretBytes(String masterSecret) {
        return PseudonymSecrets.requireMasterSecret(masterSecret).getBytes(StandardCharsets.UTF_8);
    }
}
