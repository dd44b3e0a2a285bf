package dev.tandem.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.db.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresTest {

    private static final Map<String, String> FAST = Map.of("fsync", "off");

    private static int count(EmbeddedPostgres postgres) throws Exception {
        try (var connection = DriverManager.getConnection(postgres.jdbcUrl("postgres"));
             var result = connection.createStatement().executeQuery("SELECT count(*) FROM kept")) {
            result.next();
            return result.getInt(1);
        }
    }

    @Test
    void aSecondProcessOnTheSameDataFolderUsesTheRunningServerAndTheClusterSurvivesRestarts() throws Exception {
        Path cluster = Files.createTempDirectory("tandem-pg-test").resolve("postgres");
        EmbeddedPostgres first = EmbeddedPostgres.startOrAttach(cluster, FAST);
        try {
            assertTrue(first.owner());
            try (var connection = DriverManager.getConnection(first.jdbcUrl("postgres"))) {
                connection.createStatement().execute("CREATE TABLE kept (n int); INSERT INTO kept VALUES (1), (2)");
            }
            EmbeddedPostgres second = EmbeddedPostgres.startOrAttach(cluster, FAST);
            assertFalse(second.owner(), "the second one attaches instead of starting another server");
            assertEquals(first.port(), second.port());
            second.close(); // not the owner: the server keeps running
            assertEquals(2, count(first));
        } finally {
            first.close();
        }
        assertFalse(Files.exists(cluster.resolve("postmaster.pid")), "stopped cleanly");
        EmbeddedPostgres again = EmbeddedPostgres.startOrAttach(cluster, FAST);
        try {
            assertTrue(again.owner());
            assertEquals(2, count(again));
        } finally {
            again.close();
        }
    }
}
