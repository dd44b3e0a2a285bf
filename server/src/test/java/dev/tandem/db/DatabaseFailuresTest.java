package dev.tandem.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.TestDatabase;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

/** Which failures job workers retry and HTTP answers with 503: real ones from PostgreSQL and its driver. */
class DatabaseFailuresTest {

    @Test
    void aRefusedConnectionAndAPoolThatCannotConnectAreTransient() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String nowhere = "jdbc:postgresql://localhost:" + closed + "/tandem?user=postgres&password=x";
        var refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(nowhere).close());
        assertTrue(DatabaseFailures.isTransient(refused), refused.getSQLState() + " " + refused.getMessage());

        try (Database database = TestDatabase.fresh()) {
            assertTrue(database.answers());
        }
        // A pool whose database went away: the request fails within the connection timeout, transiently.
        var pool = assertThrows(RuntimeException.class, () -> Database.open(nowhere, 2));
        assertTrue(DatabaseFailures.isTransient(pool), pool.toString());
    }

    @Test
    void aStatementThatCannotSucceedIsNotTransient() {
        try (Database database = TestDatabase.fresh()) {
            var wrong = assertThrows(DataAccessException.class, () -> database.dsl().execute("SELECT 1/0"));
            assertEquals("22012", wrong.sqlState());
            assertFalse(DatabaseFailures.isTransient(wrong));
        }
    }
}
