package dev.tandem.http;

import dev.tandem.account.Account;
import dev.tandem.account.AccountService;
import dev.tandem.account.ApiTokenService;
import dev.tandem.account.Role;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Accounts (admins only) and API tokens (each account its own; admins all). */
public final class AccountRoutes implements Routes {

    private final AccountService accounts;
    private final ApiTokenService tokens;
    private final JsonBodies bodies;

    public AccountRoutes(AccountService accounts, ApiTokenService tokens, JsonBodies bodies) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.bodies = bodies;
    }

    private record NewAccount(String username, String password, String role) {}

    private record AccountChange(String role, Boolean disabled, String password) {}

    private record NewToken(String label) {}

    @Override
    public void register(Javalin app, Guard guard) {
        app.get("/api/accounts", guard.adminOnly(ctx -> ctx.json(accounts.list().stream().map(AccountRoutes::json).toList())));
        app.post("/api/accounts", guard.adminOnly(this::create));
        app.patch("/api/accounts/{id}", guard.adminOnly(this::update));
        app.get("/api/tokens", guard.signedIn(ctx -> ctx.json(tokens.list(Guard.principal(ctx)))));
        app.post("/api/tokens", guard.signedIn(ctx -> ctx.status(201).json(
                tokens.create(Guard.principal(ctx), bodies.read(ctx, NewToken.class).label()))));
        app.delete("/api/tokens/{id}", guard.signedIn(ctx -> {
            tokens.revoke(Guard.principal(ctx), Params.id(ctx.pathParam("id")));
            ctx.status(204);
        }));
    }

    private void create(Context ctx) {
        NewAccount body = bodies.read(ctx, NewAccount.class);
        Role role = body.role() == null ? Role.EXPERIMENTER : Role.parse(body.role(), "role");
        ctx.status(201).json(json(accounts.create(body.username(), body.password(), role)));
    }

    private void update(Context ctx) {
        AccountChange body = bodies.read(ctx, AccountChange.class);
        var change = new AccountService.Change(body.role() == null ? null : Role.parse(body.role(), "role"),
                body.disabled(), body.password());
        ctx.json(json(accounts.update(Params.id(ctx.pathParam("id")), change)));
    }

    private static Map<String, Object> json(Account account) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", account.id());
        json.put("username", account.username());
        json.put("role", account.role().dbName());
        json.put("disabled", account.disabled());
        json.put("createdAt", account.createdAt().toString());
        return json;
    }
}
