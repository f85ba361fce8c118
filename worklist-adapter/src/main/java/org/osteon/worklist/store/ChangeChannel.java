package org.osteon.worklist.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * PostgreSQL LISTEN/NOTIFY between the adapter's replicas: a committed change is announced by key,
 * and every replica, the announcer included, reads it back and shows it to its own open pages. The
 * payload is a study key or an alert id, never the row: the database stays the one source of truth.
 */
@ApplicationScoped
public class ChangeChannel {

    static final String ROWS = "osteon_worklist_row";
    static final String ALERTS = "osteon_worklist_alert";
    private static final Duration LIVENESS_CHECK = Duration.ofSeconds(10);
    private static final Duration LIVENESS_TIMEOUT = Duration.ofSeconds(5);

    /** One announced change: a row's study key or an alert's id. */
    public record Change(Kind kind, String key) {
        public enum Kind {
            ROW,
            ALERT
        }
    }

    private final Jdbc jdbc;

    ChangeChannel(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void announceRow(String studyKey) {
        announce(ROWS, studyKey);
    }

    public void announceAlert(String alertId) {
        announce(ALERTS, alertId);
    }

    private void announce(String channel, String key) {
        jdbc.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                statement.setString(1, channel);
                statement.setString(2, key);
                statement.execute();
                return null;
            }
        });
    }

    /**
     * Listens on one pooled connection and hands each change to {@code onChange} until {@code
     * running} turns false; throws {@link StoreException} when the connection fails, after {@code
     * onListening} has run once the LISTEN took effect.
     */
    public void listen(Runnable onListening, Consumer<Change> onChange, BooleanSupplier running, Duration poll) {
        jdbc.read(connection -> {
            try {
                execute(connection, "LISTEN " + ROWS + "; LISTEN " + ALERTS);
                onListening.run();
                PGConnection pg = connection.unwrap(PGConnection.class);
                long checkedAt = System.nanoTime();
                while (running.getAsBoolean()) {
                    PGNotification[] notifications = pg.getNotifications((int) poll.toMillis());
                    if (System.nanoTime() - checkedAt > LIVENESS_CHECK.toNanos()) {
                        // Waiting for notifications sends nothing: a connection cut without a reset
                        // (a failover, a dropped route) would look like a quiet one for ever.
                        checkAlive(connection);
                        checkedAt = System.nanoTime();
                    }
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification n : notifications) {
                        onChange.accept(new Change(
                                ROWS.equals(n.getName()) ? Change.Kind.ROW : Change.Kind.ALERT, n.getParameter()));
                    }
                }
                return null;
            } finally {
                // Back in the pool, a connection still listening would queue notifications nobody reads.
                try {
                    execute(connection, "UNLISTEN *");
                } catch (SQLException ignored) {
                    // A broken connection listens to nothing; the pool discards it.
                }
            }
        });
    }

    private static void checkAlive(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) LIVENESS_TIMEOUT.toSeconds());
            statement.execute("SELECT 1");
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
