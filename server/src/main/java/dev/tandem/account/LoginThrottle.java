package dev.tandem.account;

import dev.tandem.common.TooManyRequestsException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.DSLContext;

/**
 * Limits password guessing per username: after {@link #MAX_FAILURES} failures within
 * {@link #WINDOW}, every login for that username is refused (even with the right password) until
 * the fifth-newest failure leaves the window. Kept in PostgreSQL so all server instances share
 * it; no IP address is stored.
 *
 * <p>An attempt is recorded before its password is checked, and counted after it is recorded;
 * one that would be the sixth is withdrawn and refused. Of any six parallel attempts, the last
 * to count sees all six rows, so at most five get their password checked — without a lock held
 * while the password is hashed. (Checking the count first and recording the failure after the
 * ~60 ms of hashing let every parallel attempt through.)
 */
final class LoginThrottle {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);

    /** A recorded attempt: it stays as a failure unless {@link #succeeded} or {@link #withdraw} removes it. */
    record Attempt(long id, String username, OffsetDateTime at) {}

    private final DSLContext dsl;
    private final AccountRepository repository;

    LoginThrottle(DSLContext dsl, AccountRepository repository) {
        this.dsl = dsl;
        this.repository = repository;
    }

    /** Records an attempt for {@code username}; 429 with the time to wait when it is one too many. */
    Attempt begin(String username) {
        Attempt attempt = repository.insertAttempt(dsl, username);
        List<OffsetDateTime> others = repository.attemptsSince(dsl, username, attempt.at().minus(WINDOW), attempt.id());
        if (others.size() < MAX_FAILURES) {
            return attempt;
        }
        withdraw(attempt);
        OffsetDateTime free = others.get(others.size() - MAX_FAILURES).plus(WINDOW);
        long seconds = Math.max(1, Duration.between(attempt.at(), free).toSeconds() + 1);
        throw new TooManyRequestsException("username", "too many failed logins for \"" + username
                + "\"; try again in " + seconds + " s", seconds);
    }

    /** The right password: the username's failures are forgotten. */
    void succeeded(Attempt attempt) {
        repository.deleteAttempts(dsl, attempt.username());
    }

    /** Forgets every recorded failure of {@code username}; returns how many there were. */
    int lift(String username) {
        return repository.deleteAttempts(dsl, username);
    }

    /** Removes an attempt that was no guess: refused, or its password never checked. */
    void withdraw(Attempt attempt) {
        repository.deleteAttempt(dsl, attempt.id());
    }
}
