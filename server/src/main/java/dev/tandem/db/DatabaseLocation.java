package dev.tandem.db;

import dev.tandem.db.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where Tandem's data lives: an external PostgreSQL given by URL, or the embedded PostgreSQL 17
 * whose cluster is {@code <data-dir>/postgres} (started here, or shared with the process that
 * already runs it).
 */
public final class DatabaseLocation implements AutoCloseable {

    private static final String DATABASE = "tandem";

    private final String jdbcUrl;
    private final EmbeddedPostgres embedded;
    private volatile boolean closed;
    private static final Logger log = LoggerFactory.getLogger(DatabaseLocation.class);

    private DatabaseLocation(String jdbcUrl, EmbeddedPostgres embedded) {
        this.jdbcUrl = jdbcUrl;
        this.embedded = embedded;
    }

    public static DatabaseLocation resolve(Optional<String> databaseUrl, Path dataDirectory) {
        return resolve(databaseUrl, dataDirectory, 0);
    }

    /**
     * @param embeddedPort the port the embedded PostgreSQL starts on (0: any free one); unused
     *                     with a {@code databaseUrl}, or when the cluster already runs
     */
    public static DatabaseLocation resolve(Optional<String> databaseUrl, Path dataDirectory, int embeddedPort) {
        if (databaseUrl.isPresent()) {
            return new DatabaseLocation(databaseUrl.get(), null);
        }
        // Durable by default: every confirmed response has reached the disk.
        EmbeddedPostgres postgres = EmbeddedPostgres.startOrAttach(dataDirectory.resolve("postgres"),
                Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on"), embeddedPort);
        try {
            createDatabaseIfMissing(postgres);
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        return new DatabaseLocation(postgres.jdbcUrl(DATABASE), postgres);
    }

    /**
     * Watches the embedded PostgreSQL (nothing to watch for an external one): when its postmaster
     * dies, it is restarted on the same port (or attached to, if another process restarted it),
     * and pools reconnect by themselves. When it cannot be brought back, {@code unrecoverable}
     * runs, once — a server exits non-zero then, for its supervisor to restart it (issue 12).
     * The watcher is a daemon thread that ends with {@link #close()}.
     */
    public void superviseEmbedded(Duration every, Runnable unrecoverable) {
        if (embedded == null) {
            return;
        }
        Thread watcher = new Thread(() -> {
            while (!closed) {
                try {
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                if (!closed && !embedded.running()) {
                    log.error("The embedded PostgreSQL stopped; restarting it");
                    if (!closed && !embedded.restartIfStopped()) {
                        unrecoverable.run();
                        return;
                    }
                }
            }
        }, "tandem-postgres-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Whether the embedded PostgreSQL's server process is alive; true for an external database. */
    public boolean serverRunning() {
        return embedded == null || embedded.running();
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres postgres) {
        try (var connection = DriverManager.getConnection(postgres.jdbcUrl("postgres"));
             var check = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            check.setString(1, DATABASE);
            if (!check.executeQuery().next()) {
                try (var create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the database '" + DATABASE + "': " + e.getMessage(), e);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public boolean embedded() {
        return embedded != null;
    }

    /** Stops the embedded PostgreSQL if this process owns it (started it, or took it over). */
    @Override
    public void close() {
        closed = true;
        if (embedded != null) {
            embedded.close();
        }
    }
}
