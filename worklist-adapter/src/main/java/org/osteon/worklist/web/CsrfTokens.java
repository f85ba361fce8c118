package org.osteon.worklist.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * CSRF tokens for cookie sessions: {@code nonce.HMAC(key, user, nonce)}. A token proves it was handed
 * to this user by this server (over {@code GET /api/session}, which another site's page cannot read),
 * so nothing is stored per session. The key derives from
 * {@code quarkus.http.auth.session.encryption-key} when set, so tokens outlive a restart and every
 * replica accepts them, as the session cookie does; unset, it is random per process, like the
 * cookie's own key.
 */
@ApplicationScoped
public class CsrfTokens {

    /** The request header that carries the token. */
    public static final String HEADER = "X-CSRF-Token";

    private static final String PURPOSE = "osteon csrf token v1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int NONCE_BYTES = 16;

    private final SecureRandom random = new SecureRandom();
    private final byte[] key;

    @Inject
    CsrfTokens(@ConfigProperty(name = "quarkus.http.auth.session.encryption-key") Optional<String> sessionKey) {
        this(sessionKey
                .filter(k -> !k.isBlank())
                .map(k -> hmac(k.getBytes(StandardCharsets.UTF_8), PURPOSE.getBytes(StandardCharsets.UTF_8)))
                .orElse(null));
    }

    /** With {@code key} null, a random one. */
    CsrfTokens(byte[] key) {
        if (key == null) {
            key = new byte[32];
            random.nextBytes(key);
        }
        this.key = key.clone();
    }

    /** A fresh token for {@code user}; every earlier one stays valid. */
    public String mint(String user) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return ENCODER.encodeToString(nonce) + "." + ENCODER.encodeToString(mac(user, nonce));
    }

    /** Whether {@code token} was minted for {@code user} by this key. */
    public boolean verify(String user, String token) {
        if (user == null || token == null) {
            return false;
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return false;
        }
        try {
            byte[] nonce = DECODER.decode(token.substring(0, dot));
            byte[] presented = DECODER.decode(token.substring(dot + 1));
            return nonce.length == NONCE_BYTES && MessageDigest.isEqual(mac(user, nonce), presented);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] mac(String user, byte[] nonce) {
        byte[] name = user.getBytes(StandardCharsets.UTF_8);
        // Length-prefixed, so no other (user, nonce) pair encodes to the same bytes.
        byte[] message = new byte[4 + name.length + nonce.length];
        message[0] = (byte) (name.length >>> 24);
        message[1] = (byte) (name.length >>> 16);
        message[2] = (byte) (name.length >>> 8);
        message[3] = (byte) name.length;
        System.arraycopy(name, 0, message, 4, name.length);
        System.arraycopy(nonce, 0, message, 4 + name.length, nonce.length);
        return hmac(key, message);
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
