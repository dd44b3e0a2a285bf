package dev.tandem.account;

import dev.tandem.common.Hashes;
import dev.tandem.common.InvalidInputException;
import dev.tandem.common.NotFoundException;
import dev.tandem.common.Tokens;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Bearer tokens for scripts. Each belongs to an account and acts as it, or to the deployment
 * (TANDEM_ADMIN_TOKEN or the token printed on first start) and acts as an admin. Only SHA-256
 * digests are stored; a token is shown once, when it is made.
 */
public final class ApiTokenService {

    private final DSLContext dsl;
    private final AccountRepository repository = new AccountRepository();

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
            repository.insertToken(dsl, Hashes.sha256Hex(configured.get()), "TANDEM_ADMIN_TOKEN", null);
            return Optional.empty();
        }
        // Instances starting at the same moment make one token between them, printed by the one that made it.
        return dsl.transactionResult(tx -> {
            var db = tx.dsl();
            repository.lockDeploymentToken(db);
            if (repository.deploymentTokenExists(db)) {
                return Optional.empty();
            }
            String token = Tokens.newToken();
            boolean inserted = repository.insertToken(db, Hashes.sha256Hex(token), "generated on first start", null).isPresent();
            return inserted ? Optional.of(token) : Optional.empty();
        });
    }

    /** Who a bearer token acts as; empty for unknown, revoked or disabled-account tokens. */
    public Optional<Principal> principal(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return repository.tokenHolder(dsl, Hashes.sha256Hex(token))
                .filter(holder -> !holder.disabled())
                .map(holder -> holder.accountId() == null ? Principal.DEPLOYMENT
                        : new Principal(holder.accountId(), holder.username(), holder.role()));
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
        long id = repository.insertToken(dsl, Hashes.sha256Hex(token), label.strip(), owner.accountId()).orElseThrow();
        return new Created(id, label.strip(), token);
    }

    /** The caller's tokens; an admin sees every token, the deployment's included. */
    public List<Listed> list(Principal caller) {
        return caller.isAdmin() ? repository.allTokens(dsl) : repository.tokensOf(dsl, caller.accountId());
    }

    /** Revokes one of the caller's tokens (an admin: anyone's). Revoking twice changes nothing. */
    public void revoke(Principal caller, long id) {
        repository.token(dsl, id)
                .filter(token -> caller.isAdmin() || Objects.equals(token.accountId(), caller.accountId()))
                .orElseThrow(() -> new NotFoundException("no token " + id));
        repository.revokeToken(dsl, id);
    }
}
