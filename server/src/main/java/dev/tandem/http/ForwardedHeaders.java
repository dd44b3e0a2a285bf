package dev.tandem.http;

import io.javalin.http.Context;
import java.util.Locale;

/**
 * What a proxy in front reports about the caller's request. A chain of proxies appends to
 * {@code X-Forwarded-Proto} ("https, http"): its first value is the scheme the caller used
 * (issue 12), and the only one used here.
 */
final class ForwardedHeaders {

    private ForwardedHeaders() {}

    /** "http" or "https" as the caller reached the first proxy, else the scheme this server saw. */
    static String scheme(Context ctx) {
        String forwarded = first(ctx.header("X-Forwarded-Proto"));
        return "http".equals(forwarded) || "https".equals(forwarded) ? forwarded : ctx.scheme();
    }

    /** The first value of a header a chain of proxies may have appended to ("https, http"). */
    static String first(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        return header.split(",", 2)[0].trim().toLowerCase(Locale.ROOT);
    }
}
