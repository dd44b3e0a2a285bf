package dev.tandem.account;

import static dev.tandem.db.jooq.Tables.ACCOUNT;
import static dev.tandem.db.jooq.Tables.LOGIN_SESSION;

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

    public LoginSessions(DSLContext dsl) {
        this.dsl = dsl;
    }

    public record Started(String token, String csrfToken) {}

    public record Resolved(Principal principal, String csrfToken) {}

    public Started start(Account account) {
        String token = Tokens.newToken();
        String csrf = Tokens.newToken();
        dsl.deleteFrom(LOGIN_SESSION).where(LOGIN_SESSION.EXPIRES_AT.lt(OffsetDateTime.now())).execute();
        dsl.insertInto(LOGIN_SESSION)
                .set(LOGIN_SESSION.TOKEN_SHA256, Hashes.sha256Hex(token))
                .set(LOGIN_SESSION.ACCOUNT_ID, account.id())
                .set(LOGIN_SESSION.CSRF_TOKEN, csrf)
                .set(LOGIN_SESSION.EXPIRES_AT, OffsetDateTime.now().plus(LIFETIME))
                .execute();
        return new Started(token, csrf);
    }

    public Optional<Resolved> resolve(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return dsl.select(ACCOUNT.ID, ACCOUNT.USERNAME, ACCOUNT.ROLE, LOGIN_SESSION.CSRF_TOKEN)
                .from(LOGIN_SESSION).join(ACCOUNT).on(ACCOUNT.ID.eq(LOGIN_SESSION.ACCOUNT_ID))
                .where(LOGIN_SESSION.TOKEN_SHA256.eq(Hashes.sha256Hex(token))
                        .and(LOGIN_SESSION.EXPIRES_AT.gt(OffsetDateTime.now()))
                        .and(ACCOUNT.DISABLED.isFalse()))
                .fetchOptional(r -> new Resolved(
                        new Principal(r.value1(), r.value2(), Role.parse(r.value3(), "role")), r.value4()));
    }

    public void end(String token) {
        if (token != null) {
            dsl.deleteFrom(LOGIN_SESSION).where(LOGIN_SESSION.TOKEN_SHA256.eq(Hashes.sha256Hex(token))).execute();
        }
    }

    void endAll(DSLContext tx, long accountId) {
        tx.deleteFrom(LOGIN_SESSION).where(LOGIN_SESSION.ACCOUNT_ID.eq(accountId)).execute();
    }
}
