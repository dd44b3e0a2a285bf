package dev.tandem.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The two HTML pages Tandem serves — the participant page and the experimenter console, built
 * by Vite into separate bundles — with headers that keep injected text from ever running:
 * scripts only from Tandem's own files, no inline script, no framing.
 */
final class Pages {

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    private Pages() {}

    /** A built page from the classpath, or a short note saying the web client was not built. */
    static String load(String name) {
        try (InputStream in = Pages.class.getResourceAsStream("/web/" + name)) {
            return in == null
                    ? "<!doctype html><title>Tandem</title><p>The web client was not built (npm run build in web/)."
                    : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void serve(Context ctx, String page) {
        ctx.header("Cache-Control", "no-store")
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .html(page);
    }
}
