package org.osteon.worklist.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded PostgreSQL alone, as a process of its own, with no Quarkus: {@code ./osteon chaos}
 * kills the worklist adapter and must find its database still there, as a real deployment would.
 * Reads {@code OSTEON_EMBEDDED_DB_DIR} and {@code OSTEON_EMBEDDED_DB_PORT}; prints the JDBC URL.
 *
 * <pre>java -cp "worklist-adapter/target/quarkus-app/lib/main/*:worklist-adapter/target/quarkus-app/app/*" org.osteon.worklist.embedded.DatabaseMain</pre>
 */
public final class DatabaseMain {

    private DatabaseMain() {
    }

    public static void main(String... args) throws IOException, InterruptedException {
        EmbeddedPostgres postgres = WorklistMain.startEmbedded(System.getenv());
        System.out.println("osteon database ready at " + postgres.getJdbcUrl("postgres", "postgres"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("stopping the embedded database failed: " + e);
            }
            stopped.countDown();
        }, "osteon-database-stop"));
        stopped.await();
    }
}
