package dev.tandem.account;

import dev.tandem.common.Hashes;
import dev.tandem.common.Tokens;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Signed-in browsers. The cookie carries a random token of which only the SHA-256 is stored,
 * so a database dump opens no session. Each session has its own CSRF token. Sessions end at
 * logout, after {@link #LIFETIME}, or when the account is disabled or its password set.
 */
public final class LoginSessions {

    public static final Duration LIFETIME = Duration.ofHours(12);

    private final DSLContext dsl;
    private final AccountRepository repository = new AccountRepository();

    public LoginSessions(DSLContext dsl) {
        this.dsl = dsl;
    }

    public record Started(String token, String csrfToken) {}

    public record Resolved(Principal principal, String csrfToken) {}

    public Started start(Account account) {
        String token = Tokens.newToken();
        String csrf = Tokens.newToken();
        repository.insertSession(dsl, Hashes.sha256Hex(token), account.id(), csrf, OffsetDateTime.now().plus(LIFETIME));
        return new Started(token, csrf);
    }

    public Optional<Resolved> resolve(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return repository.liveSession(dsl, Hashes.sha256Hex(token));
    }

    public void end(String token) {
        if (token != null) {
            repository.deleteSession(dsl, Hashes.sha256Hex(token));
        }
    }

    /** Signs {@code accountId} out everywhere, in the caller's transaction {@code tx}. */
    void endAll(DSLContext tx, long accountId) {
        repository.deleteSessions(tx, accountId);
    }
}
