package dev.tandem.model;

import static dev.tandem.db.jooq.Tables.MODEL_EMBEDDING;
import static dev.tandem.db.jooq.Tables.MODEL_SCORE;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;

/** What scoring stored per (model, stimulus) besides the job queue: embeddings, and the predictions read back. */
final class ModelOutputRepository {

    /** A stored prediction as it is exported. */
    record StoredScore(String stimulusSha256, String categoryProbabilitiesJson, List<Integer> topOutputs, String decision) {}

    /** One embedding to store. */
    record NewEmbedding(String stimulusSha256, float[] values) {}

    /**
     * Stores embeddings beside a batch's predictions, in the same transaction. The model_score
     * insert of the same batch decides whether a stimulus is scored twice; here a row already
     * stored simply stays. {@code jobId}: the scoring job, null when another kind of job computed them.
     */
    void insertEmbeddings(DSLContext dsl, long modelId, Long jobId, String tensor, List<NewEmbedding> embeddings) {
        if (embeddings.isEmpty()) {
            return;
        }
        var insert = dsl.insertInto(MODEL_EMBEDDING, MODEL_EMBEDDING.MODEL_ID, MODEL_EMBEDDING.STIMULUS_SHA256,
                MODEL_EMBEDDING.TENSOR, MODEL_EMBEDDING.EMBEDDING, MODEL_EMBEDDING.JOB_ID);
        for (NewEmbedding embedding : embeddings) {
            Float[] values = new Float[embedding.values().length];
            for (int i = 0; i < values.length; i++) {
                values[i] = embedding.values()[i];
            }
            insert = insert.values(modelId, embedding.stimulusSha256(), tensor, values, jobId);
        }
        insert.onConflictDoNothing().execute();
    }

    Optional<Embedding> embedding(DSLContext dsl, long modelId, String stimulusSha256) {
        return dsl.selectFrom(MODEL_EMBEDDING)
                .where(MODEL_EMBEDDING.MODEL_ID.eq(modelId), MODEL_EMBEDDING.STIMULUS_SHA256.eq(stimulusSha256))
                .fetchOptional(row -> new Embedding(row.getModelId(), row.getStimulusSha256(), row.getTensor(),
                        floats(row.getEmbedding())));
    }

    /** The model's stored embeddings of these stimuli (those it has), by stimulus. */
    Map<String, float[]> embeddings(DSLContext dsl, long modelId, Collection<String> stimuli) {
        Map<String, float[]> embeddings = new HashMap<>();
        dsl.select(MODEL_EMBEDDING.STIMULUS_SHA256, MODEL_EMBEDDING.EMBEDDING).from(MODEL_EMBEDDING)
                .where(MODEL_EMBEDDING.MODEL_ID.eq(modelId), MODEL_EMBEDDING.STIMULUS_SHA256.in(stimuli))
                .forEach(row -> embeddings.put(row.value1(), floats(row.value2())));
        return embeddings;
    }

    /** The model's stored predictions for these stimuli (those it has). */
    List<StoredScore> scores(DSLContext dsl, long modelId, Collection<String> stimuli) {
        return dsl.select(MODEL_SCORE.STIMULUS_SHA256, MODEL_SCORE.CATEGORY_PROBABILITIES, MODEL_SCORE.TOP_OUTPUTS,
                        MODEL_SCORE.DECISION)
                .from(MODEL_SCORE)
                .where(MODEL_SCORE.MODEL_ID.eq(modelId), MODEL_SCORE.STIMULUS_SHA256.in(stimuli))
                .fetch(ModelOutputRepository::toScore);
    }

    private static StoredScore toScore(Record row) {
        return new StoredScore(row.get(MODEL_SCORE.STIMULUS_SHA256), row.get(MODEL_SCORE.CATEGORY_PROBABILITIES).data(),
                List.of(row.get(MODEL_SCORE.TOP_OUTPUTS)), row.get(MODEL_SCORE.DECISION));
    }

    private static float[] floats(Float[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = values[i];
        }
        return floats;
    }
}
