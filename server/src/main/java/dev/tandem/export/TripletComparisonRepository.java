package dev.tandem.export;

import dev.tandem.analysis.ObserverKind;
import dev.tandem.session.SessionStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

import static dev.tandem.db.jooq.Tables.EXPERIMENT;
import static dev.tandem.db.jooq.Tables.MODEL;
import static dev.tandem.db.jooq.Tables.MODEL_TRIPLET_CHOICE;
import static dev.tandem.db.jooq.Tables.SESSION;
import static dev.tandem.db.jooq.Tables.TRIPLET_JUDGEMENT;
import static dev.tandem.db.jooq.Tables.TRIPLET_TRIAL;

/**
 * A triplet experiment's answers (issue 13): people's judgements, and the models' odd ones of the
 * distinct triplets people judged. Sessions count as in the masked comparison
 * ({@link ComparisonRepository}): excluded sessions stay out, pilot sessions unless the filter asks
 * for them, withdrawn sessions (their data are deleted) too; a session not yet completed counts with
 * the trials it answered.
 */
public final class TripletComparisonRepository {

    /** People's judgements the filter keeps, by session start and trial. */
    public List<TripletRow> people(DSLContext ctx, ExportFilter filter) {
        Condition where = EXPERIMENT.SLUG.eq(filter.experimentSlug())
                .and(SESSION.EXCLUDED_REASON.isNull())
                .and(SESSION.STATUS.ne(SessionStatus.WITHDRAWN.dbName()));
        if (filter.version() != null) {
            where = where.and(EXPERIMENT.VERSION.eq(filter.version()));
        }
        if (!filter.includePilots()) {
            where = where.and(SESSION.PILOT.isFalse());
        }
        if (filter.timingOkOnly()) {
            where = where.and(TRIPLET_JUDGEMENT.TIMING_OK.isTrue());
        }
        var t = TRIPLET_TRIAL;
        return ctx.select(SESSION.ID, t.TRIAL_INDEX, t.ROLE, t.IMAGE_0, t.IMAGE_1, t.IMAGE_2, t.FILE_0, t.FILE_1,
                        t.FILE_2, t.CATEGORY_0, t.CATEGORY_1, t.CATEGORY_2, t.STIMULUS_SHA256_0, t.STIMULUS_SHA256_1,
                        t.STIMULUS_SHA256_2, TRIPLET_JUDGEMENT.CHOSEN_POSITION, TRIPLET_JUDGEMENT.RT_MS,
                        TRIPLET_JUDGEMENT.TIMING_OK, TRIPLET_JUDGEMENT.SOURCE)
                .from(TRIPLET_JUDGEMENT)
                .join(t).on(t.SESSION_ID.eq(TRIPLET_JUDGEMENT.SESSION_ID), t.TRIAL_INDEX.eq(TRIPLET_JUDGEMENT.TRIAL_INDEX))
                .join(SESSION).on(SESSION.ID.eq(t.SESSION_ID))
                .join(EXPERIMENT).on(EXPERIMENT.ID.eq(SESSION.EXPERIMENT_ID))
                .where(where)
                .orderBy(SESSION.CREATED_AT, SESSION.ID, t.TRIAL_INDEX)
                .fetch(row -> new TripletRow(ObserverKind.HUMAN, row.get(SESSION.ID).toString(), row.get(SESSION.ID),
                        row.get(t.TRIAL_INDEX), row.get(t.ROLE), TripletRow.CATCH.equals(row.get(t.ROLE)),
                        List.of(row.get(t.IMAGE_0), row.get(t.IMAGE_1), row.get(t.IMAGE_2)),
                        List.of(row.get(t.FILE_0), row.get(t.FILE_1), row.get(t.FILE_2)),
                        List.of(row.get(t.CATEGORY_0), row.get(t.CATEGORY_1), row.get(t.CATEGORY_2)),
                        List.of(row.get(t.STIMULUS_SHA256_0), row.get(t.STIMULUS_SHA256_1), row.get(t.STIMULUS_SHA256_2)),
                        row.get(TRIPLET_JUDGEMENT.CHOSEN_POSITION), row.get(TRIPLET_JUDGEMENT.RT_MS),
                        row.get(TRIPLET_JUDGEMENT.TIMING_OK), null, row.get(TRIPLET_JUDGEMENT.SOURCE)));
    }

    /**
     * Every model's stored odd one (its latest registered version's) of each distinct non-catch
     * triplet in {@code people}: one row per model × similarity × source × triplet, positions in
     * ascending hash order, by model name, similarity, source and triplet.
     */
    public List<TripletRow> models(DSLContext ctx, List<TripletRow> people) {
        Map<String, TripletRow> shownByKey = new HashMap<>();
        Map<String, Integer> imageByHash = new HashMap<>();
        Map<String, String> fileByHash = new HashMap<>();
        Map<String, String> categoryByHash = new HashMap<>();
        Set<String> hashes = new LinkedHashSet<>();
        for (TripletRow row : people) {
            for (int k = 0; k < 3; k++) {
                imageByHash.putIfAbsent(row.stimuli().get(k), row.images().get(k));
                fileByHash.putIfAbsent(row.stimuli().get(k), row.files().get(k));
                categoryByHash.putIfAbsent(row.stimuli().get(k), row.categories().get(k));
            }
            if (!row.catchTrial()) {
                shownByKey.putIfAbsent(row.tripletKey(), row);
                hashes.add(row.stimuli().stream().sorted().findFirst().orElseThrow());
            }
        }
        if (hashes.isEmpty()) {
            return List.of();
        }
        var c = MODEL_TRIPLET_CHOICE;
        var latest = MODEL.as("latest");
        List<TripletRow> rows = new ArrayList<>();
        ctx.select(MODEL.NAME, c.SIMILARITY, c.SOURCE, c.STIMULUS_SHA256_A, c.STIMULUS_SHA256_B, c.STIMULUS_SHA256_C,
                        c.ODD_SHA256)
                .from(c).join(MODEL).on(MODEL.ID.eq(c.MODEL_ID))
                .where(c.STIMULUS_SHA256_A.in(hashes))
                .and(MODEL.ID.eq(DSL.select(DSL.max(latest.ID)).from(latest).where(latest.NAME.eq(MODEL.NAME))))
                .orderBy(MODEL.NAME, c.SIMILARITY, c.SOURCE, c.STIMULUS_SHA256_A, c.STIMULUS_SHA256_B, c.STIMULUS_SHA256_C)
                .forEach(record -> {
                    List<String> stimuli = List.of(record.get(c.STIMULUS_SHA256_A), record.get(c.STIMULUS_SHA256_B),
                            record.get(c.STIMULUS_SHA256_C));
                    if (shownByKey.containsKey(String.join(",", stimuli))) {
                        rows.add(modelRow(record, stimuli, imageByHash, fileByHash, categoryByHash));
                    }
                });
        return rows;
    }

    private static TripletRow modelRow(Record record, List<String> stimuli, Map<String, Integer> imageByHash,
                                       Map<String, String> fileByHash, Map<String, String> categoryByHash) {
        var c = MODEL_TRIPLET_CHOICE;
        return new TripletRow(ObserverKind.MODEL, record.get(MODEL.NAME), null, null, null, false,
                stimuli.stream().map(imageByHash::get).toList(), stimuli.stream().map(fileByHash::get).toList(),
                stimuli.stream().map(categoryByHash::get).toList(), stimuli,
                stimuli.indexOf(record.get(c.ODD_SHA256)), null, null, record.get(c.SIMILARITY), record.get(c.SOURCE));
    }
}
