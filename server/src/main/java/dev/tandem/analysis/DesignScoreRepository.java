package dev.tandem.analysis;

import static dev.tandem.db.jooq.Tables.EXPERIMENT;
import static dev.tandem.db.jooq.Tables.MODEL;
import static dev.tandem.db.jooq.Tables.MODEL_SCORE;
import static dev.tandem.db.jooq.Tables.SCORE_JOB;
import static dev.tandem.db.jooq.Tables.SCORE_TASK;
import static dev.tandem.db.jooq.Tables.SESSION;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Records;
import org.jooq.impl.DSL;

/**
 * What the curves need beyond the comparison rows: every model's answers on the whole scored
 * design of an experiment (not only on the stimuli people saw), and each session's refresh rate.
 */
final class DesignScoreRepository {

    /** A model's answer on one distinct stimulus of the design. */
    record DesignScore(String model, String manipulation, String level, String stimulusSha256, boolean correct) {
    }

    /** Every model's score on every distinct stimulus the experiment's scoring jobs covered. */
    List<DesignScore> scores(DSLContext ctx, String slug, Integer version) {
        return ctx.selectDistinct(MODEL.NAME, SCORE_TASK.MANIPULATION, SCORE_TASK.LEVEL.cast(String.class),
                        SCORE_TASK.STIMULUS_SHA256, DSL.field(MODEL_SCORE.DECISION.eq(SCORE_TASK.CATEGORY)))
                .from(SCORE_TASK)
                .join(SCORE_JOB).on(SCORE_JOB.ID.eq(SCORE_TASK.JOB_ID))
                .join(EXPERIMENT).on(EXPERIMENT.ID.eq(SCORE_JOB.EXPERIMENT_ID))
                .join(MODEL).on(MODEL.ID.eq(SCORE_JOB.MODEL_ID))
                .join(MODEL_SCORE).on(MODEL_SCORE.MODEL_ID.eq(SCORE_JOB.MODEL_ID),
                        MODEL_SCORE.STIMULUS_SHA256.eq(SCORE_TASK.STIMULUS_SHA256))
                .where(experiment(slug, version))
                .fetch(Records.mapping(DesignScore::new));
    }

    /** Session id → measured refresh rate, for the sessions of the experiment that have one. */
    Map<String, Double> refreshRates(DSLContext ctx, String slug, Integer version) {
        Map<String, Double> rates = new HashMap<>();
        ctx.select(SESSION.ID, SESSION.REFRESH_HZ).from(SESSION)
                .join(EXPERIMENT).on(EXPERIMENT.ID.eq(SESSION.EXPERIMENT_ID))
                .where(experiment(slug, version), SESSION.REFRESH_HZ.isNotNull())
                .forEach(r -> rates.put(r.value1().toString(), r.value2()));
        return rates;
    }

    private static Condition experiment(String slug, Integer version) {
        Condition where = EXPERIMENT.SLUG.eq(slug);
        return version == null ? where : where.and(EXPERIMENT.VERSION.eq(version));
    }
}
