package dev.tandem.http;

import dev.tandem.common.InvalidInputException;
import dev.tandem.common.StorableText;
import io.javalin.http.Context;
import java.util.regex.Pattern;

/** Reading request parameters: each refusal is a 400 that names the field. */
final class Params {

    /** A plain decimal number: no NaN, Infinity, hex or type suffix (Double.parseDouble takes all of those). */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d{1,4})?");

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

    /** A finite decimal number within [min, max]; NaN, Infinity and 1e300 are refused by name. */
    static double number(String text, String field, double min, double max) {
        if (text != null && DECIMAL.matcher(text).matches()) {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value) && value >= min && value <= max) {
                return value;
            }
        }
        throw new InvalidInputException(field, field + " must be a number from " + format(min) + " to " + format(max)
                + ", was \"" + shown(text) + "\"");
    }

    /** Every path and query parameter of the request as text PostgreSQL can store; else a 400 naming it. */
    static void requireStorable(Context ctx) {
        ctx.pathParamMap().forEach((name, value) -> StorableText.require(value, name));
        ctx.queryParamMap().forEach((name, values) -> {
            StorableText.require(name, "query");
            values.forEach(value -> StorableText.require(value, name));
        });
    }

    /** Text from a query or path parameter that can be stored (no NUL; see StorableText). */
    static String text(String value, String field) {
        return StorableText.require(value, field);
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** The refused text as the message may show it: short, without control characters. */
    private static String shown(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
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
                + (max == Long.MAX_VALUE ? " up" : " to " + max) + ", was \"" + shown(text) + "\"");
    }
}
