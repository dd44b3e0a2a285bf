package dev.tandem.experiment;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/** Markdown to HTML for consent and instructions: raw HTML is escaped and unsafe links dropped. */
public final class SafeMarkdown {

    private static final Parser parser = Parser.builder().build();
    private static final HtmlRenderer renderer = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

    private SafeMarkdown() {}

    public static String toHtml(String markdown) {
        return renderer.render(parser.parse(markdown));
    }
}
