package dev.tandem.stimulus;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.db.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * A real, migrated PostgreSQL for the stimulus tests. Stands in until the shared test fixture
 * exists. Start one per test class; {@link #clear()} empties the stimulus tables between tests.
 */
final class StimulusTestDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final HikariDataSource dataSource;
    private final DSLContext db;

    private StimulusTestDatabase(EmbeddedPostgres postgres, HikariDataSource dataSource, DSLContext db) {
        this.postgres = postgres;
        this.dataSource = dataSource;
        this.db = db;
    }

    static StimulusTestDatabase start() {
        EmbeddedPostgres postgres = EmbeddedPostgres.startTemporary();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.jdbcUrl("postgres"));
        config.setMaximumPoolSize(4);
        HikariDataSource dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return new StimulusTestDatabase(postgres, dataSource, DSL.using(dataSource, SQLDialect.POSTGRES));
    }

    DSLContext db() {
        return db;
    }

    void clear() {
        db.execute("TRUNCATE rendering, stimulus_set_image, stimulus_set, image_blob CASCADE");
    }

    @Override
    public void close() {
        dataSource.close();
        postgres.close();
    }
}
