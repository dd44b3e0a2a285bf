package dev.tandem.account;

import static dev.tandem.db.jooq.Tables.ACCOUNT;
import static dev.tandem.db.jooq.Tables.API_TOKEN;
import static dev.tandem.db.jooq.Tables.LOGIN_ATTEMPT;
import static dev.tandem.db.jooq.Tables.LOGIN_SESSION;

import dev.tandem.db.jooq.tables.records.AccountRecord;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Accounts, their login sessions, failed logins and API tokens in PostgreSQL. Each method runs
 * on the context it is given: the pool's, or a transaction's that a service started.
 */
final class AccountRepository {

    /** An account with its password hash, for checking a login. */
    record Credentials(Account account, String passwordHash) {}

    /** Who an API token belongs to: {@code accountId} null for the deployment's own token. */
    record TokenHolder(Long accountId, String username, Role role, boolean disabled) {}

    /** A stored API token: {@code accountId} null for the deployment's own. */
    record StoredToken(long id, Long accountId) {}

    // Accounts

    /** The new account, or empty when the username is taken. */
    Optional<Account> insertAccount(DSLContext db, String username, String passwordHash, Role role) {
        return db.insertInto(ACCOUNT)
                .set(ACCOUNT.USERNAME, username)
                .set(ACCOUNT.PASSWORD_HASH, passwordHash)
                .set(ACCOUNT.ROLE, role.dbName())
                .onConflictDoNothing()
                .returning()
                .fetchOptional(AccountRepository::account);
    }

    boolean anyAccount(DSLContext db) {
        return db.fetchExists(ACCOUNT);
    }

    List<Account> accounts(DSLContext db) {
        return db.selectFrom(ACCOUNT).orderBy(ACCOUNT.USERNAME).fetch(AccountRepository::account);
    }

    Optional<Credentials> credentials(DSLContext db, String username) {
        return db.selectFrom(ACCOUNT).where(ACCOUNT.USERNAME.eq(username))
                .fetchOptional(r -> new Credentials(account(r), r.getPasswordHash()));
    }

    /** Sets the values that are not null; empty when there is no such account. */
    Optional<Account> updateAccount(DSLContext db, long id, Role role, Boolean disabled, String passwordHash) {
        return db.update(ACCOUNT)
                .set(ACCOUNT.ROLE, DSL.coalesce(DSL.val(role == null ? null : role.dbName(), ACCOUNT.ROLE), ACCOUNT.ROLE))
                .set(ACCOUNT.DISABLED, DSL.coalesce(DSL.val(disabled, ACCOUNT.DISABLED), ACCOUNT.DISABLED))
                .set(ACCOUNT.PASSWORD_HASH, DSL.coalesce(DSL.val(passwordHash, ACCOUNT.PASSWORD_HASH), ACCOUNT.PASSWORD_HASH))
                .where(ACCOUNT.ID.eq(id))
                .returning()
                .fetchOptional(AccountRepository::account);
    }

    int enabledAdmins(DSLContext db) {
        return db.fetchCount(ACCOUNT, ACCOUNT.ROLE.eq(Role.ADMIN.dbName()).and(ACCOUNT.DISABLED.isFalse()));
    }

    /**
     * Makes every other transaction that calls this wait until {@code tx} ends, so changes to
     * accounts (and the count of enabled admins they are checked against) happen one at a time.
     */
    void lockAccountChanges(DSLContext tx) {
        tx.execute("SELECT pg_advisory_xact_lock(hashtext('account:changes'))");
    }

    // Login attempts, kept as failures unless removed

    /** Records an attempt at the database's time; forgets attempts older than a day. */
    LoginThrottle.Attempt insertAttempt(DSLContext db, String username) {
        db.deleteFrom(LOGIN_ATTEMPT).where(LOGIN_ATTEMPT.ATTEMPTED_AT.lt(OffsetDateTime.now().minusDays(1))).execute();
        return db.insertInto(LOGIN_ATTEMPT).set(LOGIN_ATTEMPT.USERNAME, username)
                .returning(LOGIN_ATTEMPT.ID, LOGIN_ATTEMPT.ATTEMPTED_AT)
                .fetchSingle(r -> new LoginThrottle.Attempt(r.getId(), username, r.getAttemptedAt()));
    }

    /** When {@code username}'s attempts after {@code since} were recorded, oldest first, leaving out {@code except}. */
    List<OffsetDateTime> attemptsSince(DSLContext db, String username, OffsetDateTime since, long except) {
        return db.select(LOGIN_ATTEMPT.ATTEMPTED_AT).from(LOGIN_ATTEMPT)
                .where(LOGIN_ATTEMPT.USERNAME.eq(username).and(LOGIN_ATTEMPT.ATTEMPTED_AT.gt(since))
                        .and(LOGIN_ATTEMPT.ID.ne(except)))
                .orderBy(LOGIN_ATTEMPT.ATTEMPTED_AT)
                .fetch(LOGIN_ATTEMPT.ATTEMPTED_AT);
    }

    void deleteAttempt(DSLContext db, long id) {
        db.deleteFrom(LOGIN_ATTEMPT).where(LOGIN_ATTEMPT.ID.eq(id)).execute();
    }

    int deleteAttempts(DSLContext db, String username) {
        return db.deleteFrom(LOGIN_ATTEMPT).where(LOGIN_ATTEMPT.USERNAME.eq(username)).execute();
    }

    // Login sessions

    void insertSession(DSLContext db, String tokenSha256, long accountId, String csrfToken, OffsetDateTime expiresAt) {
        db.deleteFrom(LOGIN_SESSION).where(LOGIN_SESSION.EXPIRES_AT.lt(OffsetDateTime.now())).execute();
        db.insertInto(LOGIN_SESSION)
                .set(LOGIN_SESSION.TOKEN_SHA256, tokenSha256)
                .set(LOGIN_SESSION.ACCOUNT_ID, accountId)
                .set(LOGIN_SESSION.CSRF_TOKEN, csrfToken)
                .set(LOGIN_SESSION.EXPIRES_AT, expiresAt)
                .execute();
    }

    /** The unexpired session of an enabled account with this token digest. */
    Optional<LoginSessions.Resolved> liveSession(DSLContext db, String tokenSha256) {
        return db.select(ACCOUNT.ID, ACCOUNT.USERNAME, ACCOUNT.ROLE, LOGIN_SESSION.CSRF_TOKEN)
                .from(LOGIN_SESSION).join(ACCOUNT).on(ACCOUNT.ID.eq(LOGIN_SESSION.ACCOUNT_ID))
                .where(LOGIN_SESSION.TOKEN_SHA256.eq(tokenSha256)
                        .and(LOGIN_SESSION.EXPIRES_AT.gt(OffsetDateTime.now()))
                        .and(ACCOUNT.DISABLED.isFalse()))
                .fetchOptional(r -> new LoginSessions.Resolved(
                        new Principal(r.value1(), r.value2(), Role.parse(r.value3(), "role")), r.value4()));
    }

    void deleteSession(DSLContext db, String tokenSha256) {
        db.deleteFrom(LOGIN_SESSION).where(LOGIN_SESSION.TOKEN_SHA256.eq(tokenSha256)).execute();
    }

    void deleteSessions(DSLContext db, long accountId) {
        db.deleteFrom(LOGIN_SESSION).where(LOGIN_SESSION.ACCOUNT_ID.eq(accountId)).execute();
    }

    // API tokens

    /** The new token's id, or empty when a token with this digest is already stored. */
    Optional<Long> insertToken(DSLContext db, String tokenSha256, String label, Long accountId) {
        return db.insertInto(API_TOKEN)
                .set(API_TOKEN.TOKEN_SHA256, tokenSha256)
                .set(API_TOKEN.LABEL, label)
                .set(API_TOKEN.ACCOUNT_ID, accountId)
                .onConflictDoNothing()
                .returning(API_TOKEN.ID)
                .fetchOptional(API_TOKEN.ID);
    }

    boolean deploymentTokenExists(DSLContext db) {
        return db.fetchExists(API_TOKEN, API_TOKEN.ACCOUNT_ID.isNull());
    }

    /** Makes every other transaction that calls this wait until {@code tx} ends: one deployment token is made at a time. */
    void lockDeploymentToken(DSLContext tx) {
        tx.execute("SELECT pg_advisory_xact_lock(hashtext('api_token:deployment'))");
    }

    /** Who the unrevoked token with this digest belongs to. */
    Optional<TokenHolder> tokenHolder(DSLContext db, String tokenSha256) {
        return db.select(API_TOKEN.ACCOUNT_ID, ACCOUNT.USERNAME, ACCOUNT.ROLE, ACCOUNT.DISABLED)
                .from(API_TOKEN).leftJoin(ACCOUNT).on(ACCOUNT.ID.eq(API_TOKEN.ACCOUNT_ID))
                .where(API_TOKEN.TOKEN_SHA256.eq(tokenSha256).and(API_TOKEN.REVOKED_AT.isNull()))
                .fetchOptional(r -> r.value1() == null ? new TokenHolder(null, null, Role.ADMIN, false)
                        : new TokenHolder(r.value1(), r.value2(), Role.parse(r.value3(), "role"), r.value4()));
    }

    List<ApiTokenService.Listed> allTokens(DSLContext db) {
        return tokens(db, DSL.noCondition());
    }

    List<ApiTokenService.Listed> tokensOf(DSLContext db, long accountId) {
        return tokens(db, API_TOKEN.ACCOUNT_ID.eq(accountId));
    }

    private List<ApiTokenService.Listed> tokens(DSLContext db, Condition condition) {
        return db.select(API_TOKEN.ID, API_TOKEN.LABEL, ACCOUNT.USERNAME, API_TOKEN.CREATED_AT, API_TOKEN.REVOKED_AT)
                .from(API_TOKEN).leftJoin(ACCOUNT).on(ACCOUNT.ID.eq(API_TOKEN.ACCOUNT_ID))
                .where(condition)
                .orderBy(API_TOKEN.CREATED_AT.desc())
                .fetch(r -> new ApiTokenService.Listed(r.value1(), r.value2(),
                        r.value3() == null ? "(deployment)" : r.value3(), r.value4(), r.value5()));
    }

    /** The token with this id, if there is one. */
    Optional<StoredToken> token(DSLContext db, long id) {
        return db.select(API_TOKEN.ID, API_TOKEN.ACCOUNT_ID).from(API_TOKEN).where(API_TOKEN.ID.eq(id))
                .fetchOptional(r -> new StoredToken(r.value1(), r.value2()));
    }

    /** Revokes the token unless it already is. */
    void revokeToken(DSLContext db, long id) {
        db.update(API_TOKEN).set(API_TOKEN.REVOKED_AT, OffsetDateTime.now())
                .where(API_TOKEN.ID.eq(id).and(API_TOKEN.REVOKED_AT.isNull())).execute();
    }

    /** Revokes every unrevoked token of the account; a revoked token never works again. */
    void revokeTokensOf(DSLContext db, long accountId) {
        db.update(API_TOKEN).set(API_TOKEN.REVOKED_AT, OffsetDateTime.now())
                .where(API_TOKEN.ACCOUNT_ID.eq(accountId).and(API_TOKEN.REVOKED_AT.isNull())).execute();
    }

    private static Account account(AccountRecord r) {
        return new Account(r.getId(), r.getUsername(), Role.parse(r.getRole(), "role"), r.getDisabled(), r.getCreatedAt());
    }
}
