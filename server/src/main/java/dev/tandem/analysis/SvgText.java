package dev.tandem.analysis;

/**
 * Text as it may appear in an SVG: every character that means markup is escaped, and characters
 * XML forbids are dropped, so a name like {@code <script>} is drawn as text, never run, and the
 * document stays well-formed whatever an experimenter, a model or a published file calls things.
 */
public final class SvgText {

    private SvgText() {}

    /** Escaped for element content and for attribute values in double or single quotes. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (allowedInXml(c)) {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }

    /** XML 1.0's Char production. */
    private static boolean allowedInXml(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }
}
