package dev.tandem.http;

import dev.tandem.admin.AdminTokenService;
import dev.tandem.common.AccessDeniedException;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/** Wraps admin handlers: they run only for a valid admin bearer token. */
public final class AdminGuard {

    private final AdminTokenService tokens;

    public AdminGuard(AdminTokenService tokens) {
        this.tokens = tokens;
    }

    public Handler admin(Handler handler) {
        return ctx -> {
            if (!tokens.valid(bearer(ctx))) {
                throw new AccessDeniedException("an admin token is required (Authorization: Bearer <token>)");
            }
            handler.handle(ctx);
        };
    }

    static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }
}
