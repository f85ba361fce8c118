package org.osteon.gateway.results.objects;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Deterministic UIDs: the same parts always give the same UID, so rewriting the objects for the same
 * facts gives the same instances (a resend, not a new object for the PACS), and any changed part gives
 * another.
 *
 * <p>{@code 2.25.} followed by the decimal value of a UUID (PS3.5 B.2). The UUID is the first 128 bits of
 * SHA-256 over the parts with the version (8, RFC 9562 custom) and variant bits set, so it is a
 * well-formed UUID that no random or time-based generator produces. Each part is length-prefixed, so
 * ("ab", "c") and ("a", "bc") differ.
 */
public final class ResultUids {

    private ResultUids() {}

    public static String of(String... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("a UID needs at least one part");
        }
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha256.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            sha256.update(bytes);
        }
        byte[] uuid = Arrays.copyOf(sha256.digest(), 16);
        uuid[6] = (byte) ((uuid[6] & 0x0f) | 0x80);
        uuid[8] = (byte) ((uuid[8] & 0x3f) | 0x80);
        return "2.25." + new BigInteger(1, uuid);
    }
}
