package dev.tandem.http;

import dev.tandem.common.InvalidInputException;

/** Reading request parameters: each refusal is a 400 that names the field. */
final class Params {

    private Params() {}

    static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, field + " is required");
        }
        return value;
    }

    /** An id in the path, e.g. {@code /api/jobs/{id}}. */
    static long id(String text) {
        return wholeNumber(text, "id", 1, Long.MAX_VALUE);
    }

    static long wholeNumber(String text, String field, long min, long max) {
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidInputException(field, field + " must be a whole number from " + min
                + (max == Long.MAX_VALUE ? " up" : " to " + max) + ", was \"" + text + "\"");
    }
}
