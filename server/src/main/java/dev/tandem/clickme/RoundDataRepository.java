package dev.tandem.clickme;

import static dev.tandem.db.jooq.Tables.CLICKME_QUERY;
import static dev.tandem.db.jooq.Tables.CLICKME_REVEAL;
import static dev.tandem.db.jooq.Tables.CLICKME_ROUND;
import static dev.tandem.db.jooq.Tables.EXPERIMENT;
import static dev.tandem.db.jooq.Tables.SESSION;
import static dev.tandem.db.jooq.Tables.TRIAL;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Reads stored ClickMe rounds of an experiment (every version of its slug) for maps and exports. */
final class RoundDataRepository {

    /** An image with at least one stored round. */
    record PlayedImage(String stimulusSha256, int imageIndex, String imageFile, String category) {}

    /** One stored round, as exported. */
    record RoundRow(String experiment, int version, UUID participant, int trialIndex, int block, int imageIndex,
                    String imageFile, String category, String stimulusSha256, String outcome, double elapsedMs,
                    double points, int reveals, int queries, Integer firstCorrectReveals, OffsetDateTime receivedAt) {}

    List<PlayedImage> playedImages(DSLContext dsl, String slug) {
        return dsl.selectDistinct(TRIAL.STIMULUS_SHA256, TRIAL.IMAGE_INDEX, TRIAL.IMAGE_FILE, TRIAL.CATEGORY)
                .on(TRIAL.STIMULUS_SHA256)
                .from(CLICKME_ROUND)
                .join(TRIAL).on(TRIAL.SESSION_ID.eq(CLICKME_ROUND.SESSION_ID), TRIAL.TRIAL_INDEX.eq(CLICKME_ROUND.TRIAL_INDEX))
                .join(SESSION).on(SESSION.ID.eq(TRIAL.SESSION_ID))
                .join(EXPERIMENT).on(EXPERIMENT.ID.eq(SESSION.EXPERIMENT_ID))
                .where(EXPERIMENT.SLUG.eq(slug), SESSION.PILOT.isFalse(), SESSION.EXCLUDED_REASON.isNull()) // issue 14
                .orderBy(TRIAL.STIMULUS_SHA256)
                .fetch(r -> new PlayedImage(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /**
     * Every stored reveal of the experiment's ended rounds: stimulus → participant (session) →
     * reveals in order. A participant who saw an image twice contributes both rounds' reveals.
     */
    Map<String, Map<UUID, List<Reveal>>> reveals(DSLContext dsl, String slug) {
        Map<String, Map<UUID, List<Reveal>>> byImage = new LinkedHashMap<>();
        dsl.select(TRIAL.STIMULUS_SHA256, CLICKME_REVEAL.SESSION_ID, CLICKME_REVEAL.X, CLICKME_REVEAL.Y,
                        CLICKME_REVEAL.SIZE, CLICKME_REVEAL.T_MS)
                .from(CLICKME_REVEAL)
                .join(CLICKME_ROUND).on(CLICKME_ROUND.SESSION_ID.eq(CLICKME_REVEAL.SESSION_ID),
                        CLICKME_ROUND.TRIAL_INDEX.eq(CLICKME_REVEAL.TRIAL_INDEX))
                .join(TRIAL).on(TRIAL.SESSION_ID.eq(CLICKME_REVEAL.SESSION_ID), TRIAL.TRIAL_INDEX.eq(CLICKME_REVEAL.TRIAL_INDEX))
                .join(SESSION).on(SESSION.ID.eq(TRIAL.SESSION_ID))
                .join(EXPERIMENT).on(EXPERIMENT.ID.eq(SESSION.EXPERIMENT_ID))
                .where(EXPERIMENT.SLUG.eq(slug), SESSION.PILOT.isFalse(), SESSION.EXCLUDED_REASON.isNull()) // issue 14
                .orderBy(TRIAL.STIMULUS_SHA256, CLICKME_REVEAL.SESSION_ID, CLICKME_REVEAL.TRIAL_INDEX, CLICKME_REVEAL.SEQ)
                .forEach(r -> byImage.computeIfAbsent(r.value1(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(r.value2(), k -> new ArrayList<>())
                        .add(new Reveal(r.value3(), r.value4(), r.value5(), r.value6())));
        return byImage;
    }

    /** Streams the experiment's rounds in session and trial order. */
    void rounds(DSLContext dsl, String slug, Consumer<RoundRow> sink) {
        var queries = DSL.selectCount().from(CLICKME_QUERY)
                .where(CLICKME_QUERY.SESSION_ID.eq(CLICKME_ROUND.SESSION_ID), CLICKME_QUERY.TRIAL_INDEX.eq(CLICKME_ROUND.TRIAL_INDEX))
                .<Integer>asField("queries");
        var firstCorrect = DSL.select(DSL.min(CLICKME_QUERY.REVEAL_COUNT)).from(CLICKME_QUERY)
                .where(CLICKME_QUERY.SESSION_ID.eq(CLICKME_ROUND.SESSION_ID), CLICKME_QUERY.TRIAL_INDEX.eq(CLICKME_ROUND.TRIAL_INDEX),
                        CLICKME_QUERY.CORRECT.isTrue())
                .<Integer>asField("first_correct");
        try (var cursor = dsl.select(EXPERIMENT.SLUG, EXPERIMENT.VERSION, CLICKME_ROUND.SESSION_ID, CLICKME_ROUND.TRIAL_INDEX,
                        TRIAL.BLOCK, TRIAL.IMAGE_INDEX, TRIAL.IMAGE_FILE, TRIAL.CATEGORY, TRIAL.STIMULUS_SHA256,
                        CLICKME_ROUND.OUTCOME, CLICKME_ROUND.ELAPSED_MS, CLICKME_ROUND.POINTS, CLICKME_ROUND.REVEAL_COUNT,
                        queries, firstCorrect, CLICKME_ROUND.RECEIVED_AT)
                .from(CLICKME_ROUND)
                .join(TRIAL).on(TRIAL.SESSION_ID.eq(CLICKME_ROUND.SESSION_ID), TRIAL.TRIAL_INDEX.eq(CLICKME_ROUND.TRIAL_INDEX))
                .join(SESSION).on(SESSION.ID.eq(TRIAL.SESSION_ID))
                .join(EXPERIMENT).on(EXPERIMENT.ID.eq(SESSION.EXPERIMENT_ID))
                .where(EXPERIMENT.SLUG.eq(slug), SESSION.PILOT.isFalse(), SESSION.EXCLUDED_REASON.isNull()) // issue 14
                .orderBy(SESSION.CREATED_AT, CLICKME_ROUND.SESSION_ID, CLICKME_ROUND.TRIAL_INDEX)
                .fetchSize(1000)
                .fetchLazy()) {
            cursor.forEach(r -> sink.accept(new RoundRow(r.get(EXPERIMENT.SLUG), r.get(EXPERIMENT.VERSION),
                    r.get(CLICKME_ROUND.SESSION_ID), r.get(CLICKME_ROUND.TRIAL_INDEX), r.get(TRIAL.BLOCK),
                    r.get(TRIAL.IMAGE_INDEX), r.get(TRIAL.IMAGE_FILE), r.get(TRIAL.CATEGORY), r.get(TRIAL.STIMULUS_SHA256),
                    r.get(CLICKME_ROUND.OUTCOME), r.get(CLICKME_ROUND.ELAPSED_MS), r.get(CLICKME_ROUND.POINTS),
                    r.get(CLICKME_ROUND.REVEAL_COUNT), r.get(queries), r.get(firstCorrect), r.get(CLICKME_ROUND.RECEIVED_AT))));
        }
    }
}
