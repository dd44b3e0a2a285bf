package dev.tandem.export;

/**
 * One row of the comparison dataset: one observer's answer on one trial (DESIGN.md, "Analysis and
 * export"). Human and model rows of an experiment join on {@code stimulusSha256}; imported rows
 * (published data) carry their image name instead.
 *
 * @param observerKind   human, model, or imported
 * @param observerId     session id, model name, or the published subject
 * @param study          experiment slug, or imported study name
 * @param version        experiment version (null for imported rows)
 * @param manipulation   the manipulation; for imported rows the published dataset (e.g. contrast)
 * @param level          manipulation level; for imported rows the condition as published
 * @param framesShown    stimulus frames the client actually showed
 * @param response       the answer, null for a timeout
 * @param timingOk       the client's flag that frames shown matched the plan (null for imported rows)
 * @param dataset        the dataset as model-vs-human names it: {@code <experiment>-<manipulation>[-<level>]},
 *                       or the published dataset of an imported row
 */
public record ComparisonRow(String observerKind, String observerId, String study, Integer version,
                            String session, int trialIndex, String stimulusSha256, String imageName,
                            String category, String manipulation, String level, Integer requestedMs,
                            Integer plannedFrames, Integer framesShown, String response, boolean correct,
                            Double rtMs, Boolean timingOk, String dataset) {

    /** A row from the values of {@link ExportLayout#COMPARISON}, in its column order. */
    static ComparisonRow of(Object[] v) {
        return new ComparisonRow((String) v[0], (String) v[1], (String) v[2], integer(v[3]), (String) v[4],
                integer(v[5]), (String) v[6], (String) v[7], (String) v[8], (String) v[9], (String) v[10],
                integer(v[11]), integer(v[12]), integer(v[13]), (String) v[14], Boolean.TRUE.equals(v[15]),
                (Double) v[16], (Boolean) v[17], (String) v[18]);
    }

    private static Integer integer(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }
}
