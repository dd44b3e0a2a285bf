package dev.tandem.http;

import dev.tandem.account.Account;
import dev.tandem.account.AccountService;
import dev.tandem.account.LoginSessions;
import dev.tandem.account.Principal;
import dev.tandem.common.AccessDeniedException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/** Console sign-in: login sets the HttpOnly session cookie and hands the page its CSRF token. */
public final class AuthRoutes implements Routes {

    private final AccountService accounts;
    private final LoginSessions logins;
    private final JsonBodies bodies;

    public AuthRoutes(AccountService accounts, LoginSessions logins, JsonBodies bodies) {
        this.accounts = accounts;
        this.logins = logins;
        this.bodies = bodies;
    }

    private record Login(String username, String password) {}

    @Override
    public void register(Javalin app, Guard guard) {
        app.post("/api/auth/login", this::login);
        app.get("/api/auth/me", this::me);
        app.post("/api/auth/logout", guard.signedIn(this::logout));
    }

    private void login(Context ctx) {
        // Only JSON: a cross-site HTML form cannot send it without a CORS preflight (login CSRF).
        if (ctx.contentType() == null || !ctx.contentType().startsWith("application/json")) {
            ErrorMapping.error(ctx, HttpStatus.UNSUPPORTED_MEDIA_TYPE.getCode(),
                    "login takes a JSON body (Content-Type: application/json)", "Content-Type");
            return;
        }
        Login login = bodies.read(ctx, Login.class);
        Account account = accounts.authenticate(login.username(), login.password());
        var started = logins.start(account);
        ctx.header("Set-Cookie", cookie(ctx, started.token(), LoginSessions.LIFETIME.toSeconds()));
        ctx.header("Cache-Control", "no-store").json(body(account.principal(), started.csrfToken()));
    }

    private void me(Context ctx) {
        var login = logins.resolve(ctx.cookie(Guard.COOKIE))
                .orElseThrow(() -> new AccessDeniedException("not signed in"));
        ctx.header("Cache-Control", "no-store").json(body(login.principal(), login.csrfToken()));
    }

    private void logout(Context ctx) {
        logins.end(ctx.cookie(Guard.COOKIE));
        ctx.header("Set-Cookie", cookie(ctx, "", 0));
        ctx.status(204);
    }

    /** HttpOnly and SameSite=Strict always; Secure when the request came over HTTPS (directly or, by the first value of X-Forwarded-Proto, via proxies). */
    static String cookie(Context ctx, String value, long maxAgeSeconds) {
        boolean https = "https".equalsIgnoreCase(ForwardedHeaders.scheme(ctx));
        return Guard.COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (https ? "; Secure" : "");
    }

    private static Map<String, Object> body(Principal principal, String csrfToken) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("id", principal.accountId());
        account.put("username", principal.username());
        account.put("role", principal.role().dbName());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("account", account);
        body.put("csrfToken", csrfToken);
        return body;
    }
}
