package org.osteon.worklist.store;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;
import org.osteon.worklist.config.WorklistConfig;

/**
 * Webhook signing secrets at rest: AES-256-GCM under {@code osteon.alerts.secret-encryption-key},
 * which lives in configuration and never in the database, so a copy of the database (a backup, a
 * replica, a dump) does not let its holder sign alerts. Sealed form: version byte 1, a random 12-byte
 * nonce, then ciphertext and 16-byte tag; the subscription id is the associated data.
 */
@ApplicationScoped
public class WebhookSecrets {

    static final String KEY = "osteon.alerts.secret-encryption-key";
    private static final Logger LOG = Logger.getLogger(WebhookSecrets.class);
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Optional<SecretKey> key;
    private final Jdbc jdbc;
    private final SecureRandom random = new SecureRandom();

    @Inject
    WebhookSecrets(WorklistConfig config, Jdbc jdbc) {
        this(config.alerts().secretEncryptionKey(), jdbc);
    }

    WebhookSecrets(Optional<String> base64Key, Jdbc jdbc) {
        this.key = base64Key.map(WebhookSecrets::key);
        this.jdbc = jdbc;
    }

    static SecretKey key(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(KEY + " is not base64", e);
        }
        if (bytes.length != 32) {
            throw new IllegalStateException(KEY + " must be base64 of exactly 32 bytes (AES-256), not " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** Encrypts a new subscription's secret; refuses when no key is configured. */
    byte[] seal(String subscriptionId, String secret) {
        SecretKey k = key.orElseThrow(() -> new IllegalStateException(
                "webhook subscriptions need " + KEY + " to encrypt their secrets; it is not set"));
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, k, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(subscriptionId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
                    .put(VERSION)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is part of every Java runtime", e);
        }
    }

    /** The secret, or empty when there is no key or this key did not seal it (or it was altered). */
    Optional<String> open(String subscriptionId, byte[] sealed) {
        if (key.isEmpty() || sealed == null || sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(subscriptionId.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
            return Optional.of(new String(plain, StandardCharsets.UTF_8));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is part of every Java runtime", e);
        }
    }

    /**
     * Before the dispatcher starts (it observes start-up later): with webhook subscriptions stored,
     * the key must be set, every plain-text secret left by an earlier version is encrypted, and every
     * sealed secret must open with the key. Any failure stops start-up rather than dead-lettering
     * every alert.
     */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        prepare();
    }

    /** The start-up work; returns how many plain-text secrets it encrypted. */
    public int prepare() {
        int webhooks = jdbc.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                            "SELECT count(*) FROM alert_subscription WHERE kind = 'webhook'");
                    ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
        if (webhooks == 0) {
            return 0;
        }
        if (key.isEmpty()) {
            throw new IllegalStateException(webhooks + " webhook subscription(s) are stored but " + KEY
                    + " is not set: their signing secrets cannot be read");
        }
        int sealed = sealPlaintext();
        if (sealed > 0) {
            LOG.infof("encrypted %d webhook secret(s) stored in plain text before migration V5", sealed);
        }
        List<String> unreadable = jdbc.read(connection -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(
                            "SELECT id, secret_sealed FROM alert_subscription WHERE kind = 'webhook'");
                    ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (open(rs.getString("id"), rs.getBytes("secret_sealed")).isEmpty()) {
                        ids.add(rs.getString("id"));
                    }
                }
            }
            return ids;
        });
        if (!unreadable.isEmpty()) {
            throw new IllegalStateException("the secrets of webhook subscription(s) " + unreadable
                    + " do not open with " + KEY + ": it is not the key they were encrypted with");
        }
        return sealed;
    }

    private int sealPlaintext() {
        return jdbc.inTransaction(connection -> {
            Map<String, String> plain = new LinkedHashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(
                            "SELECT id, secret FROM alert_subscription WHERE secret IS NOT NULL FOR UPDATE");
                    ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    plain.put(rs.getString("id"), rs.getString("secret"));
                }
            }
            for (Map.Entry<String, String> entry : plain.entrySet()) {
                Jdbc.update(
                        connection,
                        "UPDATE alert_subscription SET secret_sealed = ?, secret = NULL WHERE id = ?",
                        seal(entry.getKey(), entry.getValue()),
                        entry.getKey());
            }
            return plain.size();
        });
    }
}
