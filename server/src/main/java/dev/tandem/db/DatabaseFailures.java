package dev.tandem.db;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Telling a database that is away from a statement that cannot succeed. */
public final class DatabaseFailures {

    private DatabaseFailures() {}

    /**
     * Whether a failure means the database is away for now rather than that the work is wrong:
     * a connection exception (SQLState class 08), the server shutting down or starting
     * (57P01–57P03), no pooled connection in time, or a refused connection. Such work is retried;
     * an HTTP request answers 503 with Retry-After.
     */
    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof ConnectException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }
}
