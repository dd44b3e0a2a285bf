package dev.tandem.admin;

import static dev.tandem.db.jooq.Tables.API_TOKEN;

import dev.tandem.common.Hashes;
import dev.tandem.common.Tokens;
import java.util.Optional;
import org.jooq.DSLContext;

/** Bearer tokens for the admin API. Only SHA-256 digests are stored. */
public final class AdminTokenService {

    private final DSLContext dsl;

    public AdminTokenService(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Makes sure an admin token exists at start: {@code configured} (from TANDEM_API_TOKEN) is
     * stored idempotently; with none configured and none stored, a new token is made. Returns a
     * token to print only when one was generated now — it cannot be shown again.
     */
    public Optional<String> ensure(Optional<String> configured) {
        if (configured.isPresent()) {
            store(configured.get(), "TANDEM_API_TOKEN");
            return Optional.empty();
        }
        if (dsl.fetchExists(API_TOKEN)) {
            return Optional.empty();
        }
        String token = Tokens.newToken();
        store(token, "generated on first start");
        return Optional.of(token);
    }

    public boolean valid(String token) {
        return token != null && !token.isBlank()
                && dsl.fetchExists(API_TOKEN, API_TOKEN.TOKEN_SHA256.eq(Hashes.sha256Hex(token)));
    }

    private void store(String token, String label) {
        dsl.insertInto(API_TOKEN)
                .set(API_TOKEN.TOKEN_SHA256, Hashes.sha256Hex(token))
                .set(API_TOKEN.LABEL, label)
                .onConflictDoNothing()
                .execute();
    }
}
