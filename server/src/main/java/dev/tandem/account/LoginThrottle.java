package dev.tandem.account;

import static dev.tandem.db.jooq.Tables.LOGIN_FAILURE;

import dev.tandem.common.TooManyRequestsException;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.jooq.DSLContext;

/**
 * Limits password guessing per username: after {@link #MAX_FAILURES} failures within
 * {@link #WINDOW}, every login for that username is refused (even with the right password) until
 * the oldest failure leaves the window. Kept in PostgreSQL so all server instances share it;
 * no IP address is stored.
 */
final class LoginThrottle {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final DSLContext dsl;

    LoginThrottle(DSLContext dsl) {
        this.dsl = dsl;
    }

    void check(String username) {
        OffsetDateTime since = OffsetDateTime.now().minus(WINDOW);
        var failures = dsl.select(LOGIN_FAILURE.FAILED_AT).from(LOGIN_FAILURE)
                .where(LOGIN_FAILURE.USERNAME.eq(username).and(LOGIN_FAILURE.FAILED_AT.gt(since)))
                .orderBy(LOGIN_FAILURE.FAILED_AT)
                .fetch(LOGIN_FAILURE.FAILED_AT);
        if (failures.size() >= MAX_FAILURES) {
            OffsetDateTime free = failures.get(failures.size() - MAX_FAILURES).plus(WINDOW);
            long seconds = Math.max(1, Duration.between(OffsetDateTime.now(), free).toSeconds() + 1);
            throw new TooManyRequestsException("username", "too many failed logins for \"" + username
                    + "\"; try again in " + seconds + " s", seconds);
        }
    }

    void failed(String username) {
        dsl.deleteFrom(LOGIN_FAILURE).where(LOGIN_FAILURE.FAILED_AT.lt(OffsetDateTime.now().minusDays(1))).execute();
        dsl.insertInto(LOGIN_FAILURE).set(LOGIN_FAILURE.USERNAME, username).execute();
    }

    void succeeded(String username) {
        dsl.deleteFrom(LOGIN_FAILURE).where(LOGIN_FAILURE.USERNAME.eq(username)).execute();
    }
}
