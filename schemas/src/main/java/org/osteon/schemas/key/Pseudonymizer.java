package org.osteon.schemas.key;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed-HMAC pseudonyms: the keys of every topic outside the PHI zone.
 *
 * <p>A pseudonym is HMAC-SHA256 over a domain tag and the identifier, so the same study always gets
 * the same key under one secret, nobody without the secret can reverse or recompute it, and a study
 * key can never collide with an instance key. The PHI-zone services (de-identification and the
 * worklist adapter) share the secret; it comes from configuration, never from code.
 */
public final class Pseudonymizer {

    /** Shortest secret accepted: 32 bytes, the HMAC-SHA256 block-strength guidance of RFC 2104. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final SecretKeySpec secret;
    private final String keyId;

    public Pseudonymizer(String secret, String keyId) {
        Objects.requireNonNull(secret, "secret");
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "pseudonym secret must be at least " + MIN_SECRET_BYTES + " bytes, got " + bytes.length);
        }
        this.secret = new SecretKeySpec(bytes, ALGORITHM);
        this.keyId = Objects.requireNonNull(keyId, "keyId");
    }

    /** Identifier of the secret (never the secret), recorded in events so keys can be rotated. */
    public String keyId() {
        return keyId;
    }

    public String studyKey(String studyInstanceUid) {
        return base32(hmac("study", studyInstanceUid), 32);
    }

    public String seriesKey(String seriesInstanceUid) {
        return base32(hmac("series", seriesInstanceUid), 32);
    }

    public String instanceKey(String sopInstanceUid) {
        return base32(hmac("instance", sopInstanceUid), 32);
    }

    /** The patient as de-identified objects name it (Patient's Name and Patient ID), the same for all their studies. */
    public String patientKey(String patientId) {
        return base32(hmac("patient", patientId), 32);
    }

    /**
     * How many days back one patient's dates move under the PS3.15 modified-dates option: between 1
     * and {@code maxDays}, the same for every object of the patient, unguessable without the secret.
     */
    public int dateShiftDays(String patientId, int maxDays) {
        if (maxDays < 1) {
            throw new IllegalArgumentException("maxDays must be at least 1, got " + maxDays);
        }
        byte[] digest = hmac("date-shift", patientId);
        long value = new BigInteger(1, Arrays.copyOf(digest, 8)).longValue() & Long.MAX_VALUE;
        return (int) (value % maxDays) + 1;
    }

    /**
     * A replacement DICOM UID under the 2.25 root (ITU-T X.667: a UUID-derived integer), stable for one
     * secret, so all images of a study keep sharing one Study Instance UID after de-identification.
     */
    public String uid(String domain, String originalUid) {
        byte[] digest = Arrays.copyOf(hmac("uid:" + domain, originalUid), 16);
        return "2.25." + new BigInteger(1, digest);
    }

    private byte[] hmac(String domain, String value) {
        Objects.requireNonNull(value, domain);
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            mac.update(domain.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    private static String base32(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder(length);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5 && out.length() < length) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return out.toString();
    }
}
