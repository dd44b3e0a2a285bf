package dev.tandem.analysis;

import java.util.List;
import java.util.Locale;

/**
 * The error-consistency rows of {@link PairwiseConsistency} as CSV: one line per pair × condition
 * and one per pair's mean over conditions (condition empty), with the same fields as the metrics
 * JSON ({@code kappaChance} and {@code kappaCi} flattened to {@code …Low}/{@code …High}).
 */
public final class ConsistencyCsv {

    public static final String HEADER = "first,second,pairKind,condition,sharedTrials,conditions,conditionsUsed,"
            + "minSharedTrials,observedConsistency,expectedConsistency,kappa,kappaChanceLow,kappaChanceHigh,"
            + "kappaCiLow,kappaCiHigh,exceedsChance,squaredAccuracyDifference";

    private ConsistencyCsv() {
    }

    public static String write(List<PairwiseConsistency.PairResult> rows, int minSharedTrials) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (PairwiseConsistency.PairResult r : rows) {
            csv.append(field(r.first())).append(',').append(field(r.second())).append(',')
                    .append(r.pairKind()).append(',').append(field(r.condition() == null ? "" : r.condition())).append(',')
                    .append(r.sharedTrials()).append(',').append(r.conditions()).append(',').append(r.conditionsUsed())
                    .append(',').append(minSharedTrials).append(',')
                    .append(number(r.observedConsistency())).append(',').append(number(r.expectedConsistency())).append(',')
                    .append(number(r.kappa())).append(',')
                    .append(r.kappaChance() == null ? "" : number(r.kappaChance().low())).append(',')
                    .append(r.kappaChance() == null ? "" : number(r.kappaChance().high())).append(',')
                    .append(r.kappaCi() == null ? "" : number(r.kappaCi().low())).append(',')
                    .append(r.kappaCi() == null ? "" : number(r.kappaCi().high())).append(',')
                    .append(r.exceedsChance() == null ? "" : r.exceedsChance()).append(',')
                    .append(number(r.squaredAccuracyDifference())).append('\n');
        }
        return csv.toString();
    }

    private static String number(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.6f", value);
    }

    /** Quoted when it holds a comma, quote or line break; a leading = + - @ is defused for spreadsheets. */
    private static String field(String text) {
        String safe = !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
