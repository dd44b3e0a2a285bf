package dev.tandem.common;

import java.util.Optional;

/**
 * Text that PostgreSQL and every reader after it can hold: PostgreSQL refuses the NUL character
 * in text and jsonb, and a lone UTF-16 surrogate has no UTF-8 form (the driver would store it as
 * {@code ?}). Both are refused where input arrives (issue 12), never replaced.
 */
public final class StorableText {

    private StorableText() {}

    /** Why {@code text} cannot be stored, or empty when it can. */
    public static Optional<String> problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return Optional.of("must not contain the NUL character (\\u0000)");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return Optional.of("must not contain a lone UTF-16 surrogate (\\u" + Integer.toHexString(c) + ")");
            }
            if (Character.isLowSurrogate(c)) {
                return Optional.of("must not contain a lone UTF-16 surrogate (\\u" + Integer.toHexString(c) + ")");
            }
        }
        return Optional.empty();
    }

    /** {@code text} itself when it can be stored; otherwise a 400 naming {@code field}. */
    public static String require(String text, String field) {
        if (text != null) {
            problem(text).ifPresent(why -> {
                throw new InvalidInputException(field, field + " " + why);
            });
        }
        return text;
    }
}
