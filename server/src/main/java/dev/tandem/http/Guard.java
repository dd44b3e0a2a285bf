package dev.tandem.http;

import dev.tandem.account.ExperimentAccess;
import dev.tandem.account.Principal;
import dev.tandem.admin.AdminTokenService;
import dev.tandem.common.AccessDeniedException;
import dev.tandem.common.NotFoundException;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Wraps console and API handlers: they run only for a signed-in principal (a login cookie with
 * its CSRF header, or a bearer API token). A route with a {@code {slug}} path parameter also
 * runs only if the principal may see that experiment.
 */
public final class Guard {

    private static final String PRINCIPAL = "tandem.principal";

    private final AdminTokenService tokens;
    private final ExperimentAccess access;

    public Guard(AdminTokenService tokens, ExperimentAccess access) {
        this.tokens = tokens;
        this.access = access;
    }

    /** Any signed-in account or API token. */
    public Handler signedIn(Handler handler) {
        return ctx -> {
            Principal principal = authenticate(ctx);
            String slug = ctx.pathParamMap().get("slug");
            if (slug != null) {
                access.require(principal, slug);
            }
            ctx.attribute(PRINCIPAL, principal);
            handler.handle(ctx);
        };
    }

    /** Admins only; an experimenter gets 404 as if the resource did not exist. */
    public Handler adminOnly(Handler handler) {
        return signedIn(ctx -> {
            if (!principal(ctx).isAdmin()) {
                throw new NotFoundException("no such resource: " + ctx.path());
            }
            handler.handle(ctx);
        });
    }

    /** The principal of a request that passed {@link #signedIn}. */
    public static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw new IllegalStateException("principal() outside a guarded handler: " + ctx.path());
        }
        return principal;
    }

    private Principal authenticate(Context ctx) {
        if (!tokens.valid(bearer(ctx))) {
            throw new AccessDeniedException("sign in, or send an API token (Authorization: Bearer <token>)");
        }
        return Principal.DEPLOYMENT;
    }

    static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }
}
