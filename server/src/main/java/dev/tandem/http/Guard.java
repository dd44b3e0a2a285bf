package dev.tandem.http;

import dev.tandem.account.ApiTokenService;
import dev.tandem.account.ExperimentAccess;
import dev.tandem.account.LoginSessions;
import dev.tandem.account.Principal;
import dev.tandem.common.AccessDeniedException;
import dev.tandem.common.ForbiddenException;
import dev.tandem.common.NotFoundException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Wraps console and API handlers: they run only for a signed-in principal — a bearer API token,
 * or the console's login cookie, which on every state-changing request must come with its
 * session's CSRF token in {@value #CSRF_HEADER}. A route that names an experiment — in its path,
 * its body or its query — is registered with {@link #experiment}, saying where the name is; it runs
 * only if {@link ExperimentAccess} lets the principal see that experiment (otherwise 404, as if it
 * did not exist). The route says where its experiment is named, so renaming a path parameter
 * cannot silently drop the check (issue 12); {@code ConsoleSecurityTest} walks every route.
 * A participant's session token is not an API token, so it opens nothing here.
 */
public final class Guard {

    public static final String COOKIE = "tandem_console";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String PRINCIPAL = "tandem.principal";
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private final ApiTokenService tokens;
    private final LoginSessions logins;
    private final ExperimentAccess access;

    public Guard(ApiTokenService tokens, LoginSessions logins, ExperimentAccess access) {
        this.tokens = tokens;
        this.logins = logins;
        this.access = access;
    }

    /** Where a request names the experiment its route works on. */
    @FunctionalInterface
    public interface NamedExperiment {
        /** The slug the request names; null when it names none (the handler then refuses the request). */
        String slug(Context ctx);

        /** In the path parameter {@code name}; a route without it is a programming error, not a pass. */
        static NamedExperiment inPath(String name) {
            return ctx -> {
                String slug = ctx.pathParamMap().get(name);
                if (slug == null) {
                    throw new IllegalStateException("route " + ctx.endpointHandlerPath() + " has no {" + name + "}");
                }
                return slug;
            };
        }

        /**
         * In the top-level field {@code name} of the JSON body (any scalar, as the handler's
         * reading may coerce a number to text). An unreadable body names none; the handler refuses it.
         */
        static NamedExperiment inBody(JsonBodies bodies, String name) {
            return ctx -> {
                com.fasterxml.jackson.databind.JsonNode value;
                try {
                    value = bodies.tree(ctx).get(name);
                } catch (RuntimeException unreadable) {
                    return null;
                }
                return value == null || !value.isValueNode() || value.isNull() ? null : value.asText();
            };
        }

        /** In the query parameter {@code name}. */
        static NamedExperiment inQuery(String name) {
            return ctx -> ctx.queryParam(name);
        }
    }

    /** Any signed-in account or API token, on a route that names no experiment. */
    public Handler signedIn(Handler handler) {
        return ctx -> {
            ctx.attribute(PRINCIPAL, authenticate(ctx));
            handler.handle(ctx);
        };
    }

    /** A signed-in principal who may see the experiment the request names (else 404). */
    public Handler experiment(NamedExperiment named, Handler handler) {
        return signedIn(ctx -> {
            String slug = named.slug(ctx);
            if (slug != null) {
                access.require(principal(ctx), slug);
            }
            handler.handle(ctx);
        });
    }

    /** {@link #experiment} named by the path parameter {@code {slug}}. */
    public Handler experiment(Handler handler) {
        return experiment(NamedExperiment.inPath("slug"), handler);
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
        String bearer = bearer(ctx);
        if (bearer != null) {
            return tokens.principal(bearer).orElseThrow(() ->
                    new AccessDeniedException("this token is not a valid API token (revoked, or not one at all)"));
        }
        var login = logins.resolve(ctx.cookie(COOKIE)).orElseThrow(() ->
                new AccessDeniedException("sign in, or send an API token (Authorization: Bearer <token>)"));
        if (!SAFE.contains(ctx.method()) && !sameToken(ctx.header(CSRF_HEADER), login.csrfToken())) {
            throw new ForbiddenException(CSRF_HEADER, "missing or wrong " + CSRF_HEADER + " header");
        }
        return login.principal();
    }

    private static boolean sameToken(String sent, String expected) {
        return sent != null && MessageDigest.isEqual(
                sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }
}
