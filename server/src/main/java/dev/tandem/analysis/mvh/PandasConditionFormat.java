package dev.tandem.analysis.mvh;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a condition the way model-vs-human sees it: its code reads each CSV with pandas,
 * concatenates a dataset's files, and compares {@code condition.astype(str)} with names such as
 * "0.0" or "True". So the condition text depends on the type pandas infers for the column of each
 * file: whole numbers print as "15", decimals (or numbers with a NaN) as "15.0", "0.6", "inf",
 * booleans as "True", anything else as written. Files of one dataset whose columns are int and
 * float end up float; any other mix keeps each file's own rendering (an object column).
 */
public final class PandasConditionFormat {

    /** The column type pandas would infer for one file. */
    public enum Kind {
        /** every value a whole number */
        INT,
        /** every value a number, inf, or missing, at least one not a whole number or missing */
        FLOAT,
        /** every value true/false in one of pandas' spellings */
        BOOL,
        /** anything else: values kept as text, missing values as "nan" */
        TEXT
    }

    // pandas' default missing-value spellings (read_csv na_values); note "na" is not among them
    private static final Set<String> MISSING = Set.of("", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN",
            "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null");
    private static final Set<String> TRUE = Set.of("True", "TRUE", "true");
    private static final Set<String> FALSE = Set.of("False", "FALSE", "false");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile(
            "[+-]?(\\d+\\.?\\d*([eE][+-]?\\d+)?|\\.\\d+([eE][+-]?\\d+)?|(?i:inf|infinity))");

    private PandasConditionFormat() {
    }

    /** The kind pandas infers for one file's condition column. */
    public static Kind kindOf(List<String> values) {
        boolean allInt = true;
        boolean allNumber = true;
        boolean allBool = true;
        for (String value : values) {
            boolean missing = MISSING.contains(value);
            allInt &= !missing && INTEGER.matcher(value).matches();
            allNumber &= missing || DECIMAL.matcher(value).matches();
            allBool &= TRUE.contains(value) || FALSE.contains(value);
        }
        if (allInt && !values.isEmpty()) {
            return Kind.INT;
        }
        if (allBool && !values.isEmpty()) {
            return Kind.BOOL;
        }
        return allNumber ? Kind.FLOAT : Kind.TEXT;
    }

    /**
     * The kind each file's values are printed with after the dataset's files are concatenated:
     * int and float files together become float; any other mix leaves each file as it was.
     */
    public static List<Kind> afterConcatenation(List<Kind> perFile) {
        Set<Kind> distinct = Set.copyOf(perFile);
        if (distinct.size() > 1 && Set.of(Kind.INT, Kind.FLOAT).containsAll(distinct)) {
            return perFile.stream().map(k -> Kind.FLOAT).toList();
        }
        return new ArrayList<>(perFile);
    }

    /** {@code str()} of the value pandas holds for {@code raw} in a column of the given kind. */
    public static String format(String raw, Kind kind) {
        return switch (kind) {
            case INT -> new BigDecimal(raw).toBigInteger().toString();
            case BOOL -> TRUE.contains(raw) ? "True" : "False";
            case FLOAT -> MISSING.contains(raw) ? "nan" : pythonRepr(parse(raw));
            case TEXT -> MISSING.contains(raw) ? "nan" : raw;
        };
    }

    private static double parse(String raw) {
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.endsWith("inf") || lower.endsWith("infinity")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(raw);
    }

    /** Python's repr of a float: shortest round-trip digits, "1.0" for whole numbers, "1e-05", "inf". */
    static String pythonRepr(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-4 && magnitude < 1e16) {
            String plain = exact.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    }
}
