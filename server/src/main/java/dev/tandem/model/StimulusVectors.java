package dev.tandem.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * A model's vector for each rendered stimulus, for kinds that compare representations (issue 13:
 * odd-one-out): its declared embedding output, or its category probabilities. A vector is read
 * from what scoring stored (model_embedding, model_score) or computed on the stimulus bytes and
 * stored there exactly as a scoring job stores it, so each (model, stimulus) has one answer
 * whichever job asked first.
 */
public final class StimulusVectors {

    /** Which of the model's outputs a vector is. */
    public enum Kind {
        /** model.json's {@code outputs.embedding} tensor. */
        EMBEDDING,
        /** The category probabilities after model.json's reduction, in its category order. */
        PROBABILITIES;

        /** The vectors a model has: its embedding when it declares one, else its probabilities. */
        public static Kind of(ModelManifest manifest) {
            return manifest.embeddingTensor() != null ? EMBEDDING : PROBABILITIES;
        }
    }

    /**
     * Whether the model's category probabilities form a distribution over its categories: every
     * output index in exactly one category, and each category the sum of its outputs (with
     * {@code mean}, only single-output categories). An ImageNet model mapped to a few categories does
     * not: its vectors would not sum to 1.
     */
    public static boolean categoriesPartitionOutputs(ModelManifest manifest) {
        int[] uses = new int[manifest.output().size()];
        for (ModelManifest.Category category : manifest.categories()) {
            if (manifest.reduction() == ModelManifest.Reduction.MEAN && category.indices().size() != 1) {
                return false;
            }
            for (int index : category.indices()) {
                if (index < 0 || index >= uses.length) {
                    return false;
                }
                uses[index]++;
            }
        }
        return java.util.Arrays.stream(uses).allMatch(count -> count == 1);
    }

    /** A stimulus to compute: its bytes and the true category it was shown as (null when unknown). */
    public record Stimulus(String stimulusSha256, String category, byte[] png) {}

    private final ObjectMapper json;
    private final ModelOutputRepository outputs = new ModelOutputRepository();
    private final ScoreJobRepository scores;

    public StimulusVectors(ObjectMapper json) {
        this.json = json;
        this.scores = new ScoreJobRepository(json);
    }

    /** The stored vectors of these stimuli (those the model has), by stimulus. */
    public Map<String, float[]> stored(DSLContext dsl, RegisteredModel model, Kind kind, Collection<String> stimuli) {
        if (stimuli.isEmpty()) {
            return Map.of();
        }
        if (kind == Kind.EMBEDDING) {
            return outputs.embeddings(dsl, model.id(), stimuli);
        }
        Map<String, float[]> vectors = new HashMap<>();
        for (ModelOutputRepository.StoredScore score : outputs.scores(dsl, model.id(), stimuli)) {
            vectors.put(score.stimulusSha256(), probabilities(model.manifest(), score.categoryProbabilitiesJson()));
        }
        return vectors;
    }

    /**
     * Predicts the stimuli as one batch and stores each prediction (and the declared embedding)
     * as a scoring job does, without a scoring job; a row another worker stored meanwhile stays.
     */
    public void computeAndStore(DSLContext dsl, RegisteredModel model, Classifier classifier, List<Stimulus> stimuli) {
        if (stimuli.isEmpty()) {
            return;
        }
        List<Classifier.Prediction> predictions = classifier.predict(stimuli.stream().map(Stimulus::png).toList());
        List<ScoreJobRepository.Score> rows = new ArrayList<>(stimuli.size());
        List<ModelOutputRepository.NewEmbedding> embeddings = new ArrayList<>();
        for (int i = 0; i < stimuli.size(); i++) {
            Stimulus stimulus = stimuli.get(i);
            Classifier.Prediction prediction = predictions.get(i);
            rows.add(new ScoreJobRepository.Score(stimulus.stimulusSha256(), stimulus.category(), prediction));
            if (prediction.embedding() != null) {
                embeddings.add(new ModelOutputRepository.NewEmbedding(stimulus.stimulusSha256(), prediction.embedding()));
            }
        }
        scores.insertScores(dsl, model.id(), null, rows);
        outputs.insertEmbeddings(dsl, model.id(), null, model.manifest().embeddingTensor(), embeddings);
    }

    /** A stored probability map (jsonb keeps no key order) as a vector in model.json's category order. */
    private float[] probabilities(ModelManifest manifest, String stored) {
        Map<String, Double> byCategory;
        try {
            byCategory = json.readValue(stored, new TypeReference<>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored prediction is not a JSON object: " + e.getMessage(), e);
        }
        List<String> categories = manifest.categoryNames();
        float[] vector = new float[categories.size()];
        for (int i = 0; i < vector.length; i++) {
            Double probability = byCategory.get(categories.get(i));
            if (probability == null) {
                throw new IllegalStateException("a stored prediction of model " + manifest.name() + " has no category "
                        + categories.get(i));
            }
            vector[i] = probability.floatValue();
        }
        return vector;
    }
}
