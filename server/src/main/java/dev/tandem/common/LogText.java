package dev.tandem.common;

/**
 * Text from a request, made safe for one line of the server log (issue 12): control characters
 * (a newline could forge a log line, an escape sequence could rewrite the operator's terminal),
 * line and paragraph separators and bidirectional overrides and surrogates are written as {@code \\uXXXX}, and
 * the text is cut at {@link #MAX_CHARS} characters.
 */
public final class LogText {

    /** The most characters of one value written to the log. */
    public static final int MAX_CHARS = 200;

    private LogText() {}

    /** The value escaped and in double quotes; {@code null} as the bare word null. */
    public static String quoted(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_CHARS) + 8).append('"');
        int end = Math.min(value.length(), MAX_CHARS);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (unsafe(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (value.length() > MAX_CHARS) {
            out.append("… (").append(value.length()).append(" chars)");
        }
        return out.toString();
    }

    /**
     * A stand-in for {@code failure} to hand to the logger: the same class name, stack and causes,
     * with every message escaped, as exception messages often carry request text.
     */
    public static Throwable escaped(Throwable failure) {
        if (failure == null) {
            return null;
        }
        Throwable copy = new Logged(failure.getClass().getName() + ": " + quoted(failure.getMessage()),
                failure.getCause() == failure ? null : escaped(failure.getCause()));
        copy.setStackTrace(failure.getStackTrace());
        return copy;
    }

    private static boolean unsafe(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
                || Character.isSurrogate(c);
    }

    /** An escaped failure: prints as its message alone, which already names the original class. */
    private static final class Logged extends RuntimeException {
        Logged(String message, Throwable cause) {
            super(message, cause, false, true);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
