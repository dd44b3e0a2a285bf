package dev.tandem.analysis;

import dev.tandem.db.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Files;
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
        Flyway.configure().dataSource(dataSource).locations("filesystem:" + migrations())
                .failOnMissingLocations(true).load().migrate();
        return dataSource;
    }

    /** migrations/ of the checkout: from surefire's tandem.repo.root, else the nearest ancestor holding it. */
    private static Path migrations() {
        String root = System.getProperty("tandem.repo.root");
        if (root != null) {
            return Path.of(root).resolve("migrations").toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("migrations").resolve("V0001__core.sql"))) {
                return dir.resolve("migrations");
            }
        }
        throw new IllegalStateException("no migrations/ folder above " + Path.of("").toAbsolutePath());
    }

    public static DSLContext fresh() {
        return DSL.using(freshDataSource(), SQLDialect.POSTGRES);
    }
}
