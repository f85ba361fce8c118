package org.osteon.worklist.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The dispatch lease row. Expiry is judged by the database's clock alone, so replicas with skewed
 * clocks still agree on who holds it; the token grows with every takeover and fences the outbox.
 */
@ApplicationScoped
public class DispatchLeases {

    /** The one lease: write-back dispatch and the wait-cap sweep. */
    public static final String WRITEBACK = "writeback";

    private final Jdbc jdbc;

    public DispatchLeases(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Takes the lease if it has expired (or is already ours); the new fencing token, or empty. */
    public OptionalLong tryAcquire(String holder, Duration ttl) {
        return jdbc.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    UPDATE dispatch_lease
                    SET holder = ?, token = token + 1, acquired_at = now(),
                        expires_at = now() + ? * interval '1 millisecond'
                    WHERE name = ? AND (expires_at <= now() OR holder = ?)
                    RETURNING token
                    """)) {
                Jdbc.set(statement, holder, ttl.toMillis(), WRITEBACK, holder);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                }
            }
        });
    }

    /**
     * Extends the lease from now; false when another replica has taken it since (the token moved on).
     * An expired lease that nobody took is still ours to renew: no one can have acted under it.
     */
    public boolean renew(String holder, long token, Duration ttl) {
        return jdbc.inTransaction(
                connection -> Jdbc.update(connection, """
                        UPDATE dispatch_lease SET expires_at = now() + ? * interval '1 millisecond'
                        WHERE name = ? AND holder = ? AND token = ?
                        """, ttl.toMillis(), WRITEBACK, holder, token) == 1);
    }

    /** Lets another replica take over at once, as on a clean shutdown. */
    public void release(String holder, long token) {
        jdbc.inTransaction(connection -> Jdbc.update(
                connection,
                "UPDATE dispatch_lease SET expires_at = '-infinity' WHERE name = ? AND holder = ? AND token = ?",
                WRITEBACK,
                holder,
                token));
    }

    /** Who holds the lease now, for the tests and operators; empty when it has expired. */
    public Optional<String> currentHolder() {
        return jdbc.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT holder FROM dispatch_lease WHERE name = ? AND expires_at > now()")) {
                statement.setString(1, WRITEBACK);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Inside an outcome's transaction: holds the lease row so no takeover commits in between, and
     * rolls the transaction back with {@link LeaseLostException} when {@code token} is no longer current.
     */
    static void fence(Connection connection, long token) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT token FROM dispatch_lease WHERE name = ? FOR SHARE")) {
            statement.setString(1, WRITEBACK);
            try (ResultSet rs = statement.executeQuery()) {
                long current = rs.next() ? rs.getLong(1) : -1;
                if (current != token) {
                    throw new LeaseLostException(token, current);
                }
            }
        }
    }
}
