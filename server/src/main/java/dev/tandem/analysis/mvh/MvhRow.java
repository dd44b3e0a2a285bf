package dev.tandem.analysis.mvh;

/**
 * One row of a model-vs-human raw-data CSV, as written
 * ({@code subj,session,trial,rt,object_response,category,condition,imagename}).
 *
 * @param line           1-based line in its file
 * @param rt             reaction time in seconds, or null (models write NaN)
 * @param objectResponse the decision; humans' "na" means no answer and is wrong
 * @param condition      the condition exactly as written in the file (see {@link PandasConditionFormat})
 */
public record MvhRow(int line, String subj, String session, int trial, Double rt, String objectResponse,
                     String category, String condition, String imagename) {

    /** Published humans are named subject-01 …; every other subject is a model. */
    public boolean human() {
        return subj.startsWith("subject-");
    }
}
