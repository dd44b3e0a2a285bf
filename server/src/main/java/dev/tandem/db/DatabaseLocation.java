package dev.tandem.db;

import dev.tandem.db.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * Where Tandem's data lives: an external PostgreSQL given by URL, or the embedded PostgreSQL 17
 * whose cluster is {@code <data-dir>/postgres} (started here, or shared with the process that
 * already runs it).
 */
public final class DatabaseLocation implements AutoCloseable {

    private static final String DATABASE = "tandem";

    private final String jdbcUrl;
    private final EmbeddedPostgres embedded;

    private DatabaseLocation(String jdbcUrl, EmbeddedPostgres embedded) {
        this.jdbcUrl = jdbcUrl;
        this.embedded = embedded;
    }

    public static DatabaseLocation resolve(Optional<String> databaseUrl, Path dataDirectory) {
        if (databaseUrl.isPresent()) {
            return new DatabaseLocation(databaseUrl.get(), null);
        }
        // Durable by default: every confirmed response has reached the disk.
        EmbeddedPostgres postgres = EmbeddedPostgres.startOrAttach(dataDirectory.resolve("postgres"),
                Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on"));
        createDatabaseIfMissing(postgres);
        return new DatabaseLocation(postgres.jdbcUrl(DATABASE), postgres);
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

    /** Stops the embedded PostgreSQL if this process started it. */
    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
