package dev.tandem.account;

import static dev.tandem.db.jooq.Tables.ACCOUNT;
import static dev.tandem.db.jooq.Tables.API_TOKEN;

import dev.tandem.common.Hashes;
import dev.tandem.common.InvalidInputException;
import dev.tandem.common.NotFoundException;
import dev.tandem.common.Tokens;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Bearer tokens for scripts. Each belongs to an account and acts as it, or to the deployment
 * (TANDEM_ADMIN_TOKEN or the token printed on first start) and acts as an admin. Only SHA-256
 * digests are stored; a token is shown once, when it is made.
 */
public final class ApiTokenService {

    private final DSLContext dsl;

    public ApiTokenService(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Makes sure a deployment token exists at start: {@code configured} (from TANDEM_ADMIN_TOKEN) is
     * stored idempotently; with none configured and none stored, a new token is made. Returns a
     * token to print only when one was generated now — it cannot be shown again.
     */
    public Optional<String> ensure(Optional<String> configured) {
        if (configured.isPresent()) {
            insert(configured.get(), "TANDEM_ADMIN_TOKEN", null);
            return Optional.empty();
        }
        if (dsl.fetchExists(API_TOKEN, API_TOKEN.ACCOUNT_ID.isNull())) {
            return Optional.empty();
        }
        String token = Tokens.newToken();
        insert(token, "generated on first start", null);
        return Optional.of(token);
    }

    /** Who a bearer token acts as; empty for unknown, revoked or disabled-account tokens. */
    public Optional<Principal> principal(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return dsl.select(API_TOKEN.ACCOUNT_ID, ACCOUNT.USERNAME, ACCOUNT.ROLE, ACCOUNT.DISABLED)
                .from(API_TOKEN).leftJoin(ACCOUNT).on(ACCOUNT.ID.eq(API_TOKEN.ACCOUNT_ID))
                .where(API_TOKEN.TOKEN_SHA256.eq(Hashes.sha256Hex(token)).and(API_TOKEN.REVOKED_AT.isNull()))
                .fetchOptional()
                .filter(r -> r.value1() == null || !r.value4())
                .map(r -> r.value1() == null ? Principal.DEPLOYMENT
                        : new Principal(r.value1(), r.value2(), Role.parse(r.value3(), "role")));
    }

    public record Created(long id, String label, String token) {}

    public record Listed(long id, String label, String username, OffsetDateTime createdAt, OffsetDateTime revokedAt) {}

    /** A new token for the caller's own account. */
    public Created create(Principal owner, String label) {
        if (owner.accountId() == null) {
            throw new InvalidInputException("Authorization", "the deployment token cannot make tokens; sign in to an account");
        }
        if (label == null || label.isBlank() || label.length() > 200) {
            throw new InvalidInputException("label", "a token needs a label of 1 to 200 characters");
        }
        String token = Tokens.newToken();
        long id = insert(token, label.strip(), owner.accountId());
        return new Created(id, label.strip(), token);
    }

    /** The caller's tokens; an admin sees every token, the deployment's included. */
    public List<Listed> list(Principal caller) {
        var condition = caller.isAdmin() ? DSL.noCondition() : API_TOKEN.ACCOUNT_ID.eq(caller.accountId());
        return dsl.select(API_TOKEN.ID, API_TOKEN.LABEL, ACCOUNT.USERNAME, API_TOKEN.CREATED_AT, API_TOKEN.REVOKED_AT)
                .from(API_TOKEN).leftJoin(ACCOUNT).on(ACCOUNT.ID.eq(API_TOKEN.ACCOUNT_ID))
                .where(condition)
                .orderBy(API_TOKEN.CREATED_AT.desc())
                .fetch(r -> new Listed(r.value1(), r.value2(), r.value3() == null ? "(deployment)" : r.value3(),
                        r.value4(), r.value5()));
    }

    /** Revokes one of the caller's tokens (an admin: anyone's). Revoking twice changes nothing. */
    public void revoke(Principal caller, long id) {
        var condition = API_TOKEN.ID.eq(id);
        if (!caller.isAdmin()) {
            condition = condition.and(API_TOKEN.ACCOUNT_ID.eq(caller.accountId()));
        }
        if (!dsl.fetchExists(API_TOKEN, condition)) {
            throw new NotFoundException("no token " + id);
        }
        dsl.update(API_TOKEN).set(API_TOKEN.REVOKED_AT, OffsetDateTime.now())
                .where(condition.and(API_TOKEN.REVOKED_AT.isNull())).execute();
    }

    private long insert(String token, String label, Long accountId) {
        dsl.insertInto(API_TOKEN)
                .set(API_TOKEN.TOKEN_SHA256, Hashes.sha256Hex(token))
                .set(API_TOKEN.LABEL, label)
                .set(API_TOKEN.ACCOUNT_ID, accountId)
                .onConflictDoNothing()
                .execute();
        return dsl.select(API_TOKEN.ID).from(API_TOKEN).where(API_TOKEN.TOKEN_SHA256.eq(Hashes.sha256Hex(token)))
                .fetchSingle(API_TOKEN.ID);
    }
}
