package org.osteon.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded PostgreSQL (zonky: real PostgreSQL binaries) as a process of its own, with no Quarkus:
 * the demo and {@code ./osteon chaos} run it apart from the worklist adapter, which finds it through
 * {@code QUARKUS_DATASOURCE_JDBC_URL} as it would find a hospital's database. Reads
 * {@code OSTEON_EMBEDDED_DB_DIR} (kept across restarts) and {@code OSTEON_EMBEDDED_DB_PORT}; prints the
 * JDBC URL once it answers.
 *
 * <pre>java -cp "launcher/target/classes:launcher/target/lib/*" org.osteon.launcher.DatabaseMain</pre>
 */
public final class DatabaseMain {

    static final String EMBEDDED_DB_DIR = "OSTEON_EMBEDDED_DB_DIR";
    static final String EMBEDDED_DB_PORT = "OSTEON_EMBEDDED_DB_PORT";

    private DatabaseMain() {}

    public static void main(String... args) throws IOException, InterruptedException {
        Quiet.logs();
        EmbeddedPostgres postgres = start(System.getenv());
        System.out.println("osteon database ready at " + postgres.getJdbcUrl("postgres", "postgres"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                postgres.close();
                            } catch (IOException e) {
                                System.err.println("stopping the embedded database failed: " + e);
                            }
                            stopped.countDown();
                        },
                        "osteon-database-stop"));
        stopped.await();
    }

    static EmbeddedPostgres start(Map<String, String> env) throws IOException {
        // Our own hook stops PostgreSQL; zonky's would race it.
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setRegisterShutdownHook(false);
        String dir = env.get(EMBEDDED_DB_DIR);
        if (dir != null && !dir.isBlank()) {
            Path data = Path.of(dir);
            Files.createDirectories(data);
            // Keep the worklist across restarts; zonky runs initdb only on an empty folder.
            builder.setDataDirectory(data).setCleanDataDirectory(false);
        }
        String port = env.get(EMBEDDED_DB_PORT);
        if (port != null && !port.isBlank()) {
            builder.setPort(Integer.parseInt(port));
        }
        return builder.start();
    }
}
