package dev.tandem.account;

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
    private final AccountRepository repository;

    LoginThrottle(DSLContext dsl, AccountRepository repository) {
        this.dsl = dsl;
        this.repository = repository;
    }

    void check(String username) {
        OffsetDateTime since = OffsetDateTime.now().minus(WINDOW);
        var failures = repository.failuresSince(dsl, username, since);
        if (failures.size() >= MAX_FAILURES) {
            OffsetDateTime free = failures.get(failures.size() - MAX_FAILURES).plus(WINDOW);
            long seconds = Math.max(1, Duration.between(OffsetDateTime.now(), free).toSeconds() + 1);
            throw new TooManyRequestsException("username", "too many failed logins for \"" + username
                    + "\"; try again in " + seconds + " s", seconds);
        }
    }

    void failed(String username) {
        repository.insertFailure(dsl, username);
    }

    void succeeded(String username) {
        repository.deleteFailures(dsl, username);
    }
}
