package dev.tandem.triplet;

import java.util.Locale;

/**
 * An RDM as CSV: a header {@code image,<name 1>,…,<name n>} and one row per image, its name first;
 * an undefined pair is an empty cell. Names are quoted when they hold a comma, quote or line
 * break, and a leading = + - @ is defused for spreadsheets (as analysis/ConsistencyCsv does).
 */
public final class RdmCsv {

    private RdmCsv() {}

    public static String write(Rdm rdm) {
        StringBuilder csv = new StringBuilder("image");
        for (String name : rdm.images()) {
            csv.append(',').append(field(name));
        }
        csv.append('\n');
        for (int i = 0; i < rdm.size(); i++) {
            csv.append(field(rdm.images().get(i)));
            for (int j = 0; j < rdm.size(); j++) {
                csv.append(',');
                if (rdm.isDefined(i, j)) {
                    csv.append(String.format(Locale.ROOT, "%.6f", rdm.get(i, j)));
                }
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    private static String field(String text) {
        String safe = !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
