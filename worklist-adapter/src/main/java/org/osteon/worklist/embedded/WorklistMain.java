package org.osteon.worklist.embedded;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Entry point. With {@code OSTEON_EMBEDDED_DB=true} it runs a real PostgreSQL (zonky) for the demo:
 * started before Quarkus so the datasource and Flyway find it, stopped only after Quarkus has
 * returned so no connection outlives the server. Otherwise Quarkus uses {@code QUARKUS_DATASOURCE_*}.
 */
@QuarkusMain
public final class WorklistMain {

    static final String EMBEDDED_DB = "OSTEON_EMBEDDED_DB";
    static final String EMBEDDED_DB_DIR = "OSTEON_EMBEDDED_DB_DIR";
    static final String EMBEDDED_DB_PORT = "OSTEON_EMBEDDED_DB_PORT";
    private static final long SHUTDOWN_WAIT_MILLIS = 30_000;

    private WorklistMain() {
    }

    public static void main(String... args) throws IOException {
        Map<String, String> env = System.getenv();
        if (!Boolean.parseBoolean(env.getOrDefault(EMBEDDED_DB, "false"))) {
            Quarkus.run(args);
            return;
        }
        EmbeddedPostgres postgres = startEmbedded(env);
        // On SIGTERM every shutdown hook runs at once, and Quarkus's does not wait for this thread.
        // This hook holds the JVM until the finally below has stopped PostgreSQL, after Quarkus.
        AtomicBoolean jvmStopping = new AtomicBoolean();
        Thread mainThread = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            jvmStopping.set(true);
            try {
                mainThread.join(SHUTDOWN_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "osteon-embedded-db-stop"));
        AtomicInteger exitCode = new AtomicInteger();
        try {
            System.setProperty("quarkus.datasource.jdbc.url", postgres.getJdbcUrl("postgres", "postgres"));
            System.setProperty("quarkus.datasource.username", "postgres");
            System.setProperty("quarkus.datasource.password", "postgres");
            // Quarkus's default exit handler calls System.exit, which would skip the finally.
            Quarkus.run(null, (code, cause) -> exitCode.set(code), args);
        } finally {
            postgres.close();
        }
        if (!jvmStopping.get()) {
            System.exit(exitCode.get());
        }
    }

    static EmbeddedPostgres startEmbedded(Map<String, String> env) throws IOException {
        // zonky's own hook would stop PostgreSQL while Quarkus is still draining; main() stops it.
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setRegisterShutdownHook(false);
        String dir = env.get(EMBEDDED_DB_DIR);
        if (dir != null && !dir.isBlank()) {
            Path data = Path.of(dir);
            Files.createDirectories(data);
            // Keep the worklist across demo restarts; zonky runs initdb only on an empty folder.
            builder.setDataDirectory(data).setCleanDataDirectory(false);
        }
        String port = env.get(EMBEDDED_DB_PORT);
        if (port != null && !port.isBlank()) {
            builder.setPort(Integer.parseInt(port));
        }
        return builder.start();
    }
}
