package dev.tandem.model;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Classifies stimulus PNGs with one model folder through DJL's TensorFlow engine: each batch is
 * preprocessed as model.json declares, run as one tensor, and reduced to the experiment's
 * categories. DJL types stay inside this class.
 */
public final class Classifier implements AutoCloseable {

    /** How many output indices a prediction keeps, best first (model-vs-human stores top-5). */
    public static final int TOP_OUTPUTS = 5;

    /**
     * One image's result.
     *
     * @param categoryProbabilities per category in model.json's order, after its reduction (with
     *     {@code mean}, these need not sum to 1)
     * @param topOutputs the output indices with the highest probabilities, best first
     * @param decision the category with the highest reduced probability (the first on a tie)
     */
    public record Prediction(Map<String, Double> categoryProbabilities, List<Integer> topOutputs,
                             String decision) {}

    private final ModelFolder folder;
    private final Preprocessor preprocessor;
    private final ZooModel<float[], float[]> model;
    private final Predictor<float[], float[]> predictor;

    private Classifier(ModelFolder folder, ZooModel<float[], float[]> model) {
        this.folder = folder;
        this.preprocessor = new Preprocessor(folder.manifest().input());
        this.model = model;
        this.predictor = model.newPredictor();
    }

    /** Loads the folder's SavedModel; the natives are installed first if needed. */
    public static Classifier open(ModelFolder folder, TensorFlowNatives natives) {
        natives.load();
        ModelManifest manifest = folder.manifest();
        Criteria<float[], float[]> criteria = Criteria.builder()
                .setTypes(float[].class, float[].class)
                .optEngine("TensorFlow")
                .optModelPath(folder.path())
                .optModelName(ModelFolder.SAVED_MODEL)
                .optOption("SignatureDefKey", manifest.signature())
                .optTranslator(new BatchTranslator(manifest, new Preprocessor(manifest.input())))
                .build();
        try {
            return new Classifier(folder, criteria.loadModel());
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            throw new InvalidModelException(ModelFolder.SAVED_MODEL, "TensorFlow cannot load "
                    + folder.path() + ": " + e.getMessage(), e);
        }
    }

    public ModelManifest manifest() {
        return folder.manifest();
    }

    public ModelFolder folder() {
        return folder;
    }

    /** Classifies the images as one batch, in order. */
    public List<Prediction> predict(List<byte[]> pngs) {
        if (pngs.isEmpty()) {
            return List.of();
        }
        float[] inputs = new float[pngs.size() * preprocessor.valuesPerImage()];
        // Decoding and resizing dominate the cost per stimulus; images are independent.
        IntStream.range(0, pngs.size()).parallel().forEach(i ->
                preprocessor.toInput(pngs.get(i), inputs, i * preprocessor.valuesPerImage()));
        float[] outputs = outputs(inputs);
        int size = manifest().output().size();
        List<Prediction> predictions = new ArrayList<>(pngs.size());
        for (int i = 0; i < pngs.size(); i++) {
            predictions.add(interpret(outputs, i * size));
        }
        return predictions;
    }

    /**
     * Runs already preprocessed input values (a whole batch, laid out as model.json says) and
     * returns the output probabilities, {@code output.size} per image.
     */
    synchronized float[] outputs(float[] inputs) {
        try {
            return predictor.predict(inputs);
        } catch (TranslateException e) {
            throw new IllegalStateException("model " + manifest().name() + " failed: " + e.getMessage(), e);
        }
    }

    /** Runs one blank image and checks the output's size against model.json. */
    void checkRuns() {
        float[] outputs;
        try {
            outputs = outputs(new float[preprocessor.valuesPerImage()]);
        } catch (RuntimeException e) {
            throw new InvalidModelException(ModelFolder.SAVED_MODEL, "the SavedModel does not run on a "
                    + "blank input of the declared shape: " + e.getMessage(), e);
        }
        if (outputs.length != manifest().output().size()) {
            throw new InvalidModelException("output.size", "model.json declares " + manifest().output().size()
                    + " outputs, but the model returned " + outputs.length + " for one image");
        }
    }

    Prediction interpret(float[] outputs, int offset) {
        ModelManifest manifest = manifest();
        Map<String, Double> categories = new LinkedHashMap<>();
        String decision = null;
        double best = Double.NEGATIVE_INFINITY;
        for (ModelManifest.Category category : manifest.categories()) {
            double sum = 0;
            for (int index : category.indices()) {
                sum += outputs[offset + index];
            }
            double probability = manifest.reduction() == ModelManifest.Reduction.MEAN
                    ? sum / category.indices().size() : sum;
            categories.put(category.name(), probability);
            if (probability > best) {
                best = probability;
                decision = category.name();
            }
        }
        return new Prediction(categories, topIndices(outputs, offset, manifest.output().size()), decision);
    }

    static List<Integer> topIndices(float[] values, int offset, int length) {
        List<Integer> top = new ArrayList<>(TOP_OUTPUTS);
        boolean[] taken = new boolean[length];
        for (int k = 0; k < Math.min(TOP_OUTPUTS, length); k++) {
            int best = -1;
            for (int i = 0; i < length; i++) {
                if (!taken[i] && (best < 0 || values[offset + i] > values[offset + best])) {
                    best = i;
                }
            }
            taken[best] = true;
            top.add(best);
        }
        return top;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }

    /** One call = one batch: flat input values in, flat probabilities out. */
    private record BatchTranslator(ModelManifest manifest, Preprocessor preprocessor)
            implements NoBatchifyTranslator<float[], float[]> {

        @Override
        public NDList processInput(TranslatorContext context, float[] values) {
            int images = values.length / preprocessor.valuesPerImage();
            NDArray batch = context.getNDManager().create(values, new Shape(preprocessor.shape(images)));
            batch.setName(manifest.input().tensor());
            return new NDList(batch);
        }

        @Override
        public float[] processOutput(TranslatorContext context, NDList list) {
            NDArray output = list.size() == 1 ? list.head() : list.get(manifest.output().tensor());
            if (output == null) {
                throw new IllegalStateException("the model returned no tensor '" + manifest.output().tensor() + "'");
            }
            if (manifest.output().activation() == ModelManifest.Activation.LOGITS) {
                output = output.softmax(-1);
            }
            return output.toFloatArray();
        }
    }
}
