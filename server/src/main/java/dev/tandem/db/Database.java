package dev.tandem.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/** The connection pool and jOOQ context over one PostgreSQL database. */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final DSLContext dsl;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false));
    }

    /**
     * How long a request waits for a connection before it fails: short, so that with the database
     * gone a request answers (503) and health says so within seconds instead of hanging (issue 12).
     */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    /** Opening a TCP connection to PostgreSQL. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /**
     * The longest a connection waits on a silent socket (a server that froze rather than died); long
     * enough for the slowest legitimate query (an export streams rows all along).
     */
    static final Duration SOCKET_TIMEOUT = Duration.ofMinutes(5);
    /** The longest the health check waits for its query. */
    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(1);

    /** Opens a pool on {@code jdbcUrl} (a {@code jdbc:postgresql:} or {@code postgres://} URL). */
    public static Database open(String jdbcUrl, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(DatabaseUrls.toJdbc(jdbcUrl));
        config.setMaximumPoolSize(Math.max(2, poolSize)); // Flyway holds two connections while migrating
        config.setPoolName("tandem");
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(HEALTH_TIMEOUT.toMillis());
        // Unless the URL says otherwise (pgjdbc reads its properties after the URL's).
        config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // Fail fast at start when the database is away, rather than after the first request.
        config.setInitializationFailTimeout(CONNECTION_TIMEOUT.toMillis() * 5);
        return new Database(new HikariDataSource(config));
    }

    /** Applies {@code migrations/} (packed into the jar as {@code db/migration}). */
    public Database migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return this;
    }

    /** Work done while holding a lock; see {@link #whileLocked}. */
    @FunctionalInterface
    public interface LockedWork {
        void run() throws Exception;
    }

    /**
     * Runs {@code work} holding the PostgreSQL advisory lock named {@code name}, on a connection
     * of its own: other processes on this database wait for it (two servers starting at once,
     * issue 12). The work uses the pool as usual; the lock ends with the work, or with the
     * connection if this process dies.
     */
    public void whileLocked(String name, LockedWork work) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            DSLContext lock = DSL.using(connection, SQLDialect.POSTGRES);
            lock.execute("SELECT pg_advisory_lock(hashtext({0}))", DSL.val(name));
            try {
                work.run();
            } finally {
                lock.execute("SELECT pg_advisory_unlock(hashtext({0}))", DSL.val(name));
            }
        }
    }

    public DSLContext dsl() {
        return dsl;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Whether the database answers a trivial query now, within about {@link #CONNECTION_TIMEOUT}
     * plus {@link #HEALTH_TIMEOUT}: a dead server is refused at once, a frozen one times out.
     */
    public boolean answers() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setNetworkTimeout(Runnable::run, (int) HEALTH_TIMEOUT.toMillis()); // the pool restores it
            try (var statement = connection.createStatement();
                 var result = statement.executeQuery("SELECT 1")) {
                return result.next() && result.getInt(1) == 1;
            }
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
