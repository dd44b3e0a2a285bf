package dev.tandem.analysis;

import dev.tandem.db.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for tests: one temporary server per test JVM, a fresh migrated database per
 * call of {@link #fresh()}. (Until the lead's db test support lands on main.)
 */
public final class TestDatabase {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestDatabase() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            server = EmbeddedPostgres.startTemporary();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    /** A new, migrated database and its JDBC URL. */
    public static PGSimpleDataSource freshDataSource() {
        String name = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection admin = java.sql.DriverManager.getConnection(server().jdbcUrl("postgres"))) {
            admin.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(server().jdbcUrl(name));
        Path root = Path.of(System.getProperty("tandem.repo.root", ".."));
        Flyway.configure().dataSource(dataSource)
                .locations("filesystem:" + root.resolve("migrations").toAbsolutePath().normalize())
                .load().migrate();
        return dataSource;
    }

    public static DSLContext fresh() {
        return DSL.using(freshDataSource(), SQLDialect.POSTGRES);
    }
}
