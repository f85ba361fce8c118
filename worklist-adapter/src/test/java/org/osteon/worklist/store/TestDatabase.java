package org.osteon.worklist.store;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/**
 * A real PostgreSQL (zonky) with the adapter's migrations applied, and {@link Jdbc} over an Agroal
 * pool of it, for tests that need the store without starting Quarkus.
 */
public final class TestDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final AgroalDataSource dataSource;
    private final Jdbc jdbc;

    private TestDatabase(EmbeddedPostgres postgres, AgroalDataSource dataSource) {
        this.postgres = postgres;
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
    }

    public static TestDatabase start() throws IOException, SQLException {
        EmbeddedPostgres postgres = EmbeddedPostgres.start();
        String url = postgres.getJdbcUrl("postgres", "postgres");
        AgroalDataSource dataSource = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.maxSize(8)
                        .connectionFactoryConfiguration(factory -> factory.jdbcUrl(url)
                                .principal(new NamePrincipal("postgres"))
                                .credential(new SimplePassword("postgres")))));
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return new TestDatabase(postgres, dataSource);
    }

    public Jdbc jdbc() {
        return jdbc;
    }

    @Override
    public void close() throws IOException {
        dataSource.close();
        postgres.close();
    }
}
