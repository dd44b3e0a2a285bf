package dev.tandem.account;

import static dev.tandem.db.jooq.Tables.ACCOUNT;

import dev.tandem.common.AccessDeniedException;
import dev.tandem.common.ConflictException;
import dev.tandem.common.InvalidInputException;
import dev.tandem.common.NotFoundException;
import dev.tandem.common.Tokens;
import dev.tandem.db.jooq.tables.records.AccountRecord;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jooq.DSLContext;

/** Console accounts: creation and changes by admins, password checks at login, the first admin. */
public final class AccountService {

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{1,63}");
    static final int MIN_PASSWORD = 10;
    private static final int MAX_PASSWORD = 1024;

    private final DSLContext dsl;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final LoginSessions sessions;
    /** Verified against for unknown usernames, so a wrong username costs as long as a wrong password. */
    private final String decoyHash;

    public AccountService(DSLContext dsl, PasswordHasher hasher, LoginSessions sessions) {
        this.dsl = dsl;
        this.hasher = hasher;
        this.throttle = new LoginThrottle(dsl);
        this.sessions = sessions;
        this.decoyHash = hasher.hash(Tokens.newToken());
    }

    public Account create(String username, String password, Role role) {
        String name = username(username);
        String hash = hasher.hash(password(password));
        var inserted = dsl.insertInto(ACCOUNT)
                .set(ACCOUNT.USERNAME, name)
                .set(ACCOUNT.PASSWORD_HASH, hash)
                .set(ACCOUNT.ROLE, role.dbName())
                .onConflictDoNothing()
                .returning()
                .fetchOptional();
        return account(inserted.orElseThrow(() ->
                new ConflictException("username", "an account named \"" + name + "\" exists")));
    }

    public List<Account> list() {
        return dsl.selectFrom(ACCOUNT).orderBy(ACCOUNT.USERNAME).fetch(AccountService::account);
    }

    public Account get(long id) {
        return dsl.selectFrom(ACCOUNT).where(ACCOUNT.ID.eq(id)).fetchOptional(AccountService::account)
                .orElseThrow(() -> new NotFoundException("no account " + id));
    }

    /** The changes an admin may make; null leaves a value as it is. */
    public record Change(Role role, Boolean disabled, String password) {}

    /**
     * Applies {@code change} in one transaction. Disabling an account or setting its password
     * signs it out everywhere. The last enabled admin can be neither demoted nor disabled.
     */
    public Account update(long id, Change change) {
        String hash = change.password() == null ? null : hasher.hash(password(change.password()));
        return dsl.transactionResult(tx -> {
            var db = tx.dsl();
            AccountRecord account = db.selectFrom(ACCOUNT).where(ACCOUNT.ID.eq(id)).forUpdate().fetchOptional()
                    .orElseThrow(() -> new NotFoundException("no account " + id));
            if (change.role() != null) {
                account.setRole(change.role().dbName());
            }
            if (change.disabled() != null) {
                account.setDisabled(change.disabled());
            }
            if (hash != null) {
                account.setPasswordHash(hash);
            }
            account.store();
            int admins = db.fetchCount(db.selectFrom(ACCOUNT).where(ACCOUNT.ROLE.eq("admin")
                    .and(ACCOUNT.DISABLED.isFalse())).forUpdate());
            if (admins == 0) {
                throw new ConflictException(change.role() != null ? "role" : "disabled",
                        "\"" + account.getUsername() + "\" is the last enabled admin");
            }
            if (account.getDisabled() || hash != null) {
                sessions.endAll(db, id);
            }
            return account(account);
        });
    }

    /** The account whose password this is; wrong or unknown gives 401, too many failures 429. */
    public Account authenticate(String username, String password) {
        if (username == null || password == null) {
            throw new InvalidInputException(username == null ? "username" : "password", "username and password are required");
        }
        String name = username.trim().toLowerCase();
        throttle.check(name);
        var account = dsl.selectFrom(ACCOUNT).where(ACCOUNT.USERNAME.eq(name)).fetchOptional();
        boolean matches = hasher.verify(password, account.map(AccountRecord::getPasswordHash).orElse(decoyHash));
        if (account.isEmpty() || !matches || account.get().getDisabled()) {
            throttle.failed(name);
            throw new AccessDeniedException("wrong username or password");
        }
        throttle.succeeded(name);
        return account(account.get());
    }

    /**
     * On a deployment without accounts, creates the admin account {@code admin} with
     * {@code configured} (TANDEM_ADMIN_PASSWORD) or a generated password, returned to be printed once.
     */
    public Optional<String> ensureFirstAdmin(Optional<String> configured) {
        if (dsl.fetchExists(ACCOUNT)) {
            return Optional.empty();
        }
        String password = configured.orElseGet(Tokens::newToken);
        dsl.insertInto(ACCOUNT)
                .set(ACCOUNT.USERNAME, "admin")
                .set(ACCOUNT.PASSWORD_HASH, hasher.hash(password(password)))
                .set(ACCOUNT.ROLE, Role.ADMIN.dbName())
                .onConflictDoNothing()
                .execute();
        return configured.isPresent() ? Optional.empty() : Optional.of(password);
    }

    private static String username(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidInputException("username",
                    "a username is 2 to 64 lower-case letters, digits or . _ @ -, starting with a letter or digit");
        }
        return username;
    }

    private static String password(String password) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw new InvalidInputException("password", "a password has at least " + MIN_PASSWORD + " characters");
        }
        return password;
    }

    private static Account account(AccountRecord r) {
        return new Account(r.getId(), r.getUsername(), Role.parse(r.getRole(), "role"), r.getDisabled(), r.getCreatedAt());
    }
}
