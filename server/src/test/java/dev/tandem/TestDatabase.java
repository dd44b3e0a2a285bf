package dev.tandem;

import dev.tandem.db.Database;
import dev.tandem.db.embedded.EmbeddedPostgres;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.postgresql.ds.PGSimpleDataSource;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Real PostgreSQL 17 for tests: one embedded server per test JVM, template databases prepared
 * once (migrated, optionally filled), and a fresh database copied from a template per test.
 */
public final class TestDatabase {

    private static EmbeddedPostgres postgres;
    private static final Map<String, Boolean> templates = new ConcurrentHashMap<>();
    private static final AtomicInteger counter = new AtomicInteger();

    private TestDatabase() {}

    private static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            postgres = EmbeddedPostgres.startTemporary();
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return postgres;
    }

    /** A fresh, migrated, empty database. */
    public static String freshUrl() {
        return fromTemplate("tandem_empty", url -> {});
    }

    /**
     * A fresh database copied from the template {@code name}, which {@code fill} prepares once
     * per JVM (after migration); {@code fill} gets the template's JDBC URL and must close what it opens.
     */
    public static synchronized String fromTemplate(String name, Consumer<String> fill) {
        EmbeddedPostgres server = server();
        if (!templates.containsKey(name)) {
            execute("CREATE DATABASE " + name);
            Database.open(server.jdbcUrl(name), 2).migrate().close();
            fill.accept(server.jdbcUrl(name));
            templates.put(name, true);
        }
        String copy = "test_" + counter.incrementAndGet();
        execute("CREATE DATABASE " + copy + " TEMPLATE " + name);
        return server.jdbcUrl(copy);
    }

    public static Database fresh() {
        return Database.open(freshUrl(), 8);
    }

    /** A fresh, migrated, empty database behind an unpooled data source. */
    public static PGSimpleDataSource freshDataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(freshUrl());
        return dataSource;
    }

    /** A jOOQ context on a fresh, migrated, empty database (unpooled). */
    public static DSLContext freshDsl() {
        return DSL.using(freshDataSource(), SQLDialect.POSTGRES);
    }

    private static void execute(String sql) {
        try (var connection = DriverManager.getConnection(server().jdbcUrl("postgres"));
             var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
