package org.osteon.schemas.key;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF (RFC 5869) with HMAC-SHA256: one strong secret in, any number of independent keys out, each
 * bound to its {@code info} label. Knowing one output key tells nothing about the input or the others.
 */
public final class Hkdf {

    /** Output length of SHA-256, HashLen in RFC 5869. */
    public static final int HASH_LEN = 32;

    private static final String ALGORITHM = "HmacSHA256";

    private Hkdf() {}

    /** HKDF-Extract: PRK = HMAC-SHA256(salt, IKM); an empty salt stands for HashLen zero bytes (RFC 5869 2.2). */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        Objects.requireNonNull(ikm, "ikm");
        byte[] key = salt == null || salt.length == 0 ? new byte[HASH_LEN] : salt;
        return mac(key).doFinal(ikm);
    }

    /** HKDF-Expand: T(i) = HMAC-SHA256(PRK, T(i-1) | info | i), concatenated and cut to {@code length} bytes. */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 1 || length > 255 * HASH_LEN) {
            throw new IllegalArgumentException(
                    "HKDF-SHA256 output length must be 1.." + 255 * HASH_LEN + ", got " + length);
        }
        Mac mac = mac(prk);
        byte[] okm = new byte[length];
        byte[] t = new byte[0];
        for (int i = 1, written = 0; written < length; i++) {
            mac.update(t);
            mac.update(info == null ? new byte[0] : info);
            mac.update((byte) i);
            t = mac.doFinal();
            int n = Math.min(t.length, length - written);
            System.arraycopy(t, 0, okm, written, n);
            written += n;
        }
        return okm;
    }

    /** Extract, then expand. */
    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        return expand(extract(salt, ikm), info, length);
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
