package org.osteon.worklist.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Registered alert subscribers. A webhook's URL is checked against the address policy before it is
 * stored; its secret is stored encrypted ({@link WebhookSecrets}), kept for signing and never read
 * back out through the API.
 */
@ApplicationScoped
public class AlertSubscriptions {

    /** A subscriber as the API shows it: never with its secret. */
    public record Subscription(String id, String kind, String url, Instant createdAt) {}

    private final Jdbc jdbc;
    private final WebhookTargetCheck targetCheck;
    private final WebhookSecrets secrets;

    AlertSubscriptions(Jdbc jdbc, WebhookTargetCheck targetCheck, WebhookSecrets secrets) {
        this.jdbc = jdbc;
        this.targetCheck = targetCheck;
        this.secrets = secrets;
    }

    /**
     * Stores a subscriber. A webhook whose URL the address policy refuses is not stored (the check
     * throws what the API answers with 400); without {@code osteon.alerts.secret-encryption-key} no
     * webhook is stored (IllegalStateException).
     */
    public Subscription register(String kind, String url, String secret) {
        Subscription subscription = new Subscription(
                UUID.randomUUID().toString(), kind, url, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        byte[] sealed = null;
        if ("webhook".equals(kind)) {
            targetCheck.checkWebhookUrl(url);
            sealed = secrets.seal(subscription.id(), secret);
        }
        byte[] sealedSecret = sealed;
        jdbc.inTransaction(connection -> Jdbc.update(
                connection,
                "INSERT INTO alert_subscription (id, kind, url, secret_sealed, created_at) VALUES (?, ?, ?, ?, ?)",
                subscription.id(),
                kind,
                url,
                sealedSecret,
                subscription.createdAt()));
        return subscription;
    }

    public List<Subscription> list() {
        return jdbc.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                            "SELECT id, kind, url, created_at FROM alert_subscription ORDER BY created_at");
                    ResultSet rs = statement.executeQuery()) {
                List<Subscription> subscriptions = new ArrayList<>();
                while (rs.next()) {
                    subscriptions.add(new Subscription(
                            rs.getString("id"),
                            rs.getString("kind"),
                            rs.getString("url"),
                            Jdbc.instant(rs, "created_at")));
                }
                return subscriptions;
            }
        });
    }

    /** True when it existed. Deliveries already queued for it are dead-lettered by the dispatcher. */
    public boolean remove(String id) {
        return jdbc.inTransaction(
                connection -> Jdbc.update(connection, "DELETE FROM alert_subscription WHERE id = ?", id) == 1);
    }
}
