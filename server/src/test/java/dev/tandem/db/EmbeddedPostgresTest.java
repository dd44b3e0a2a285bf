package dev.tandem.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.db.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The embedded PostgreSQL: shared, owned, password-protected, restarted and taken over, on real processes. */
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

    private static Path newCluster() throws Exception {
        return Files.createTempDirectory("tandem-pg-test").resolve("postgres");
    }

    private static Path sibling(Path cluster, String suffix) {
        return cluster.resolveSibling(cluster.getFileName() + suffix);
    }

    private static String withoutPassword(String url) {
        return url.replaceAll("&password=[^&]*", "&password=not-the-password");
    }

    @Test
    void connectionsNeedTheGeneratedPasswordWhichLikeTheLogIsReadableByItsOwnerOnly() throws Exception {
        Path cluster = newCluster();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.startOrAttach(cluster, FAST)) {
            var refused = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(withoutPassword(postgres.jdbcUrl("postgres"))).close());
            assertTrue(refused.getSQLState().startsWith("28"), refused.getSQLState() + ": " + refused.getMessage());
            DriverManager.getConnection(postgres.jdbcUrl("postgres")).close();
            for (String file : List.of(".password", ".log")) {
                assertEquals(PosixFilePermissions.fromString("rw-------"),
                        Files.getPosixFilePermissions(sibling(cluster, file)), file);
            }
            assertFalse(Files.readString(cluster.resolve("pg_hba.conf")).lines()
                    .anyMatch(line -> !line.startsWith("#") && line.contains("trust")), "no trusted connections");
        }
    }

    @Test
    void aClusterMadeWithTrustAuthenticationGetsAPasswordOnItsFirstStartAndKeepsItsData() throws Exception {
        Path cluster = newCluster();
        try (EmbeddedPostgres first = EmbeddedPostgres.startOrAttach(cluster, FAST);
             var connection = DriverManager.getConnection(first.jdbcUrl("postgres"))) {
            connection.createStatement().execute("CREATE TABLE kept (n int); INSERT INTO kept VALUES (1), (2), (3)");
            connection.createStatement().execute("ALTER ROLE postgres PASSWORD NULL");
        }
        // As an earlier Tandem left it: initdb -A trust, no password anywhere.
        Files.writeString(cluster.resolve("pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n"
                + "host all all ::1/128 trust\n");
        Files.delete(sibling(cluster, ".password"));

        try (EmbeddedPostgres again = EmbeddedPostgres.startOrAttach(cluster, FAST)) {
            assertEquals(3, count(again));
            assertTrue(Files.exists(sibling(cluster, ".password")));
            assertThrows(SQLException.class, () -> DriverManager.getConnection(withoutPassword(again.jdbcUrl("postgres"))).close());
        }
    }

    @Test
    void aKilledPostmasterIsRestartedOnTheSamePortWithItsData() throws Exception {
        Path cluster = newCluster();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.startOrAttach(cluster, FAST)) {
            try (var connection = DriverManager.getConnection(postgres.jdbcUrl("postgres"))) {
                connection.createStatement().execute("CREATE TABLE kept (n int); INSERT INTO kept VALUES (1)");
            }
            int port = postgres.port();
            long postmaster = postmasterPid(cluster);
            ProcessHandle process = ProcessHandle.of(postmaster).orElseThrow();
            new ProcessBuilder("kill", "-9", String.valueOf(postmaster)).start().waitFor();
            process.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(postgres.running());

            assertTrue(postgres.restartIfStopped());
            assertTrue(postgres.running());
            assertEquals(port, postgres.port());
            assertEquals(1, count(postgres), "crash recovery kept the committed row");
            assertTrue(postgres.owner());
        }
        assertFalse(Files.exists(cluster.resolve("postmaster.pid")), "the restarted server is stopped at close");
    }

    @Test
    void aServerWhoseOwningProcessWasKilledIsTakenOverAndStoppedAtShutdown() throws Exception {
        Path cluster = newCluster();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process owner = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                EmbeddedPostgresHolder.class.getName(), cluster.toString())
                .redirectErrorStream(true).start();
        try {
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(owner.getInputStream()));
            String line;
            while ((line = lines.readLine()) != null && !line.startsWith(EmbeddedPostgresHolder.READY)) {
                // PostgreSQL's and the logger's lines
            }
            assertTrue(line != null, "the owning process started PostgreSQL");
        } finally {
            owner.destroyForcibly(); // kill -9: its PostgreSQL keeps running, orphaned
            owner.waitFor(30, TimeUnit.SECONDS);
        }
        long orphan = postmasterPid(cluster);
        assertTrue(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false), "orphaned, still running");

        EmbeddedPostgres next = EmbeddedPostgres.startOrAttach(cluster, FAST);
        assertTrue(next.owner(), "no live process owns it, so the next one takes it over");
        assertEquals(orphan, postmasterPid(cluster), "the same server, not a second one");
        EmbeddedPostgres third = EmbeddedPostgres.startOrAttach(cluster, FAST);
        assertFalse(third.owner(), "while its new owner lives, others only attach");
        third.close();
        next.close();
        ProcessHandle.of(orphan).ifPresent(process -> process.onExit().orTimeout(60, TimeUnit.SECONDS).join());
        assertFalse(Files.exists(cluster.resolve("postmaster.pid")), "stopped at the new owner's shutdown");
    }

    @Test
    void theServerStartsOnTheChosenPortAndRefusesOneInUse() throws Exception {
        int chosen;
        try (var socket = new java.net.ServerSocket(0)) {
            chosen = socket.getLocalPort();
        }
        try (EmbeddedPostgres postgres = EmbeddedPostgres.startOrAttach(newCluster(), FAST, chosen)) {
            assertEquals(chosen, postgres.port());
            assertTrue(postgres.jdbcUrl("postgres").startsWith("jdbc:postgresql://localhost:" + chosen + "/"));
            var taken = assertThrows(java.io.UncheckedIOException.class,
                    () -> EmbeddedPostgres.startOrAttach(newCluster(), FAST, chosen));
            assertTrue(taken.getCause().getMessage().contains("port " + chosen), taken.getCause().getMessage());
        }
    }

    private static long postmasterPid(Path cluster) throws Exception {
        return Long.parseLong(Files.readAllLines(cluster.resolve("postmaster.pid")).get(0).trim());
    }
}
