package dev.tandem.triplet;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import static dev.tandem.db.jooq.Tables.MODEL;
import static dev.tandem.db.jooq.Tables.MODEL_EMBEDDING;

/** The models' stored embeddings of a triplet experiment's images, for their RDMs (issue 13). */
final class TripletModelRepository {

    /**
     * Per model name (its latest registered version), the embeddings it stored of these stimuli,
     * by stimulus hash; models with none of them are absent. By model name.
     */
    Map<String, Map<String, float[]>> embeddings(DSLContext ctx, Collection<String> stimuli) {
        var latest = MODEL.as("latest");
        Map<String, Map<String, float[]>> byModel = new TreeMap<>();
        ctx.select(MODEL.NAME, MODEL_EMBEDDING.STIMULUS_SHA256, MODEL_EMBEDDING.EMBEDDING)
                .from(MODEL_EMBEDDING).join(MODEL).on(MODEL.ID.eq(MODEL_EMBEDDING.MODEL_ID))
                .where(MODEL_EMBEDDING.STIMULUS_SHA256.in(stimuli))
                .and(MODEL.ID.eq(DSL.select(DSL.max(latest.ID)).from(latest).where(latest.NAME.eq(MODEL.NAME))))
                .forEach(row -> byModel.computeIfAbsent(row.value1(), k -> new TreeMap<>())
                        .put(row.value2(), floats(row.value3())));
        return byModel;
    }

    private static float[] floats(Float[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = values[i];
        }
        return floats;
    }
}
