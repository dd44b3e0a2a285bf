package dev.tandem.account;

import dev.tandem.common.AccessDeniedException;
import dev.tandem.common.ConflictException;
import dev.tandem.common.InvalidInputException;
import dev.tandem.common.NotFoundException;
import dev.tandem.common.Tokens;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jooq.DSLContext;

/** Console accounts: creation and changes by admins, password checks at login, the first admin. */
public final class AccountService {

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{1,63}");
    static final int MIN_PASSWORD = 10;
    private static final int MAX_PASSWORD = 1024;
    /** The longest username {@link #USERNAME} allows, with room for surrounding blanks. */
    private static final int MAX_USERNAME = 128;

    private final DSLContext dsl;
    private final AccountRepository repository = new AccountRepository();
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final LoginSessions sessions;
    /** Verified against for unknown usernames, so a wrong username costs as long as a wrong password. */
    private final String decoyHash;

    public AccountService(DSLContext dsl, PasswordHasher hasher, LoginSessions sessions) {
        this.dsl = dsl;
        this.hasher = hasher;
        this.throttle = new LoginThrottle(dsl, repository);
        this.sessions = sessions;
        this.decoyHash = hasher.hash(Tokens.newToken());
    }

    public Account create(String username, String password, Role role) {
        String name = username(username);
        String hash = hasher.hash(password(password));
        return repository.insertAccount(dsl, name, hash, role).orElseThrow(() ->
                new ConflictException("username", "an account named \"" + name + "\" exists"));
    }

    public List<Account> list() {
        return repository.accounts(dsl);
    }

    /** The changes an admin may make; null leaves a value as it is. */
    public record Change(Role role, Boolean disabled, String password) {}

    /**
     * Applies {@code change} in one transaction. Disabling an account or setting its password
     * signs it out everywhere and revokes its API tokens, so that re-enabling it does not bring
     * back a token that may have leaked with the old password (issue 12). The last enabled admin can be neither demoted nor disabled: of two
     * admins disabling each other at once, the second waits for the first and then gets 409.
     */
    public Account update(long id, Change change) {
        String hash = change.password() == null ? null : hasher.hash(password(change.password()));
        return dsl.transactionResult(tx -> {
            var db = tx.dsl();
            // One change at a time: row locks on the changed account and on the admins being
            // counted, taken in different orders by two admins changing each other, deadlocked.
            repository.lockAccountChanges(db);
            Account account = repository.updateAccount(db, id, change.role(), change.disabled(), hash)
                    .orElseThrow(() -> new NotFoundException("no account " + id));
            if (repository.enabledAdmins(db) == 0) {
                throw new ConflictException(change.role() != null ? "role" : "disabled",
                        "\"" + account.username() + "\" is the last enabled admin");
            }
            if (account.disabled() || hash != null) {
                sessions.endAll(db, id);
                repository.revokeTokensOf(db, id);
            }
            return account;
        });
    }

    /** The account whose password this is; wrong or unknown gives 401, too many failures 429. */
    public Account authenticate(String username, String password) {
        if (username == null || password == null) {
            throw new InvalidInputException(username == null ? "username" : "password", "username and password are required");
        }
        // Refused before the throttle or the index sees them: no stored name is longer (issue 12).
        if (username.length() > MAX_USERNAME) {
            throw new InvalidInputException("username", "username is at most " + MAX_USERNAME + " characters");
        }
        if (password.length() > MAX_PASSWORD) {
            throw new InvalidInputException("password", "password is at most " + MAX_PASSWORD + " characters");
        }
        String name = username.trim().toLowerCase();
        LoginThrottle.Attempt attempt = throttle.begin(name);
        Optional<AccountRepository.Credentials> stored;
        boolean matches;
        try {
            stored = repository.credentials(dsl, name);
            matches = hasher.verify(password, stored.map(AccountRepository.Credentials::passwordHash).orElse(decoyHash));
        } catch (RuntimeException e) {
            throttle.withdraw(attempt); // the password was not checked, so this was no failed guess
            throw e;
        }
        if (stored.isEmpty() || !matches || stored.get().account().disabled()) {
            throw new AccessDeniedException("wrong username or password"); // the attempt stays, as a failure
        }
        throttle.succeeded(attempt);
        return stored.get().account();
    }

    /**
     * Lifts the login throttle of {@code username} (the CLI's {@code account unlock NAME}): an
     * operator lets an admin back in while someone keeps guessing. Returns how many recorded
     * failures were forgotten; an unknown name is refused, naming the field.
     */
    public int unlock(String username) {
        String name = username == null ? null : username.trim().toLowerCase();
        if (name == null || repository.credentials(dsl, name).isEmpty()) {
            throw new NotFoundException("no account \"" + username + "\"");
        }
        return throttle.lift(name);
    }

    /**
     * On a deployment without accounts, creates the admin account {@code admin} with
     * {@code configured} (TANDEM_ADMIN_PASSWORD) or a generated password, returned to be printed
     * once — by the instance whose insert made the account.
     */
    public Optional<String> ensureFirstAdmin(Optional<String> configured) {
        if (repository.anyAccount(dsl)) {
            return Optional.empty();
        }
        String password = configured.orElseGet(Tokens::newToken);
        boolean inserted = repository.insertAccount(dsl, "admin", hasher.hash(password(password)), Role.ADMIN).isPresent();
        // Another instance starting at the same moment may have made it first; then its password is the one that works.
        return inserted && configured.isEmpty() ? Optional.of(password) : Optional.empty();
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
}
