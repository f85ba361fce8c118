package org.osteon.schemas.key;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;
import org.osteon.schemas.key.PseudonymKeys.Purpose;

/**
 * Keyed-HMAC pseudonyms: the keys of every topic outside the PHI zone, the replacement UIDs and the date
 * shifts of de-identification.
 *
 * <p>A pseudonym is HMAC-SHA256 over a domain tag and the identifier, so the same study always gets
 * the same key under one secret, nobody without the secret can reverse or recompute it, and a study
 * key can never collide with an instance key. Each kind of pseudonym is made with its own key, derived
 * from the master secret by {@link PseudonymKeys}; this class holds them all and belongs to
 * de-identification alone. The worklist adapter gets {@link StudyKeys} instead.
 */
public final class Pseudonymizer {

    /** Shortest secret accepted: 32 bytes, the HMAC-SHA256 block-strength guidance of RFC 2104. */
    public static final int MIN_SECRET_BYTES = PseudonymKeys.MIN_SECRET_BYTES;

    private final SecretKeySpec uidKey;
    private final SecretKeySpec patientKey;
    private final SecretKeySpec dateShiftKey;
    private final SecretKeySpec objectKey;
    private final StudyKeys studyKeys;
    private final String keyId;

    /**
     * @param secret the master secret ({@code osteon.deid.hmac-secret}), at least 32 bytes
     * @param keyId its identifier, recorded in events (never the secret)
     */
    public Pseudonymizer(String secret, String keyId) {
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        this.uidKey = Keyed.key(PseudonymKeys.derive(secret, Purpose.UID));
        this.patientKey = Keyed.key(PseudonymKeys.derive(secret, Purpose.PATIENT));
        this.dateShiftKey = Keyed.key(PseudonymKeys.derive(secret, Purpose.DATE_SHIFT));
        this.objectKey = Keyed.key(PseudonymKeys.derive(secret, Purpose.OBJECT));
        this.studyKeys = new StudyKeys(PseudonymKeys.derive(secret, Purpose.STUDY), keyId);
    }

    /** Identifier of the secret (never the secret), recorded in events so keys can be rotated. */
    public String keyId() {
        return keyId;
    }

    /** The same key {@link StudyKeys} makes from the study-key secret derived from this master secret. */
    public String studyKey(String studyInstanceUid) {
        return studyKeys.studyKey(studyInstanceUid);
    }

    public String seriesKey(String seriesInstanceUid) {
        return Keyed.base32(Keyed.hmac(objectKey, "series", seriesInstanceUid), 32);
    }

    public String instanceKey(String sopInstanceUid) {
        return Keyed.base32(Keyed.hmac(objectKey, "instance", sopInstanceUid), 32);
    }

    /** The patient as de-identified objects name it (Patient's Name and Patient ID), the same for all their studies. */
    public String patientKey(String patientId) {
        return Keyed.base32(Keyed.hmac(patientKey, "patient", patientId), 32);
    }

    /**
     * How many days back one patient's dates move under the PS3.15 modified-dates option: between 1
     * and {@code maxDays}, the same for every object of the patient, unguessable without the secret.
     */
    public int dateShiftDays(String patientId, int maxDays) {
        if (maxDays < 1) {
            throw new IllegalArgumentException("maxDays must be at least 1, got " + maxDays);
        }
        byte[] digest = Keyed.hmac(dateShiftKey, "date-shift", patientId);
        long value = new BigInteger(1, Arrays.copyOf(digest, 8)).longValue() & Long.MAX_VALUE;
        return (int) (value % maxDays) + 1;
    }

    /**
     * A replacement DICOM UID under the 2.25 root (ITU-T X.667: a UUID-derived integer), stable for one
     * secret, so all images of a study keep sharing one Study Instance UID after de-identification.
     */
    public String uid(String domain, String originalUid) {
        byte[] digest = Arrays.copyOf(Keyed.hmac(uidKey, "uid:" + domain, originalUid), 16);
        return "2.25." + new BigInteger(1, digest);
    }
}
