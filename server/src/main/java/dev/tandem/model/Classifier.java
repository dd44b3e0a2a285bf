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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Classifies stimulus PNGs with one model folder through DJL (TensorFlow, ONNX Runtime or PyTorch,
 * as model.json's {@code format} says): each batch is preprocessed as model.json declares, run as
 * one tensor, and reduced to the experiment's categories; a declared embedding output is returned
 * beside. DJL types stay inside this class.
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
     * @param embedding the values of model.json's {@code outputs.embedding} tensor; null when none is declared
     * @param resizeWarning why this stimulus may not show the model what people see (a resize by
     *     more than 2×); null when it does
     */
    public record Prediction(Map<String, Double> categoryProbabilities, List<Integer> topOutputs, String decision,
                             float[] embedding, String resizeWarning) {
        public Prediction(Map<String, Double> categoryProbabilities, List<Integer> topOutputs, String decision) {
            this(categoryProbabilities, topOutputs, decision, null, null);
        }
    }

    /**
     * A batch's raw outputs: probabilities ({@code output.size} per image, softmax applied where
     * model.json says logits) and the embedding values ({@code embeddingSize} per image; empty
     * without an embedding output).
     */
    record Outputs(float[] probabilities, float[] embeddings, int embeddingSize) {}

    private final ModelFolder folder;
    private final Preprocessor preprocessor;
    private final ZooModel<float[], Outputs> model;
    private final Predictor<float[], Outputs> predictor;

    private Classifier(ModelFolder folder, ZooModel<float[], Outputs> model) {
        this.folder = folder;
        this.preprocessor = new Preprocessor(folder.manifest().input());
        this.model = model;
        this.predictor = model.newPredictor();
    }

    /** Loads the folder's model with its format's engine; that engine's natives are installed first if needed. */
    public static Classifier open(ModelFolder folder, Engines engines) {
        ModelManifest manifest = folder.manifest();
        ModelManifest.Format format = manifest.format();
        engines.prepare(format);
        Criteria<float[], Outputs> criteria = Criteria.builder()
                .setTypes(float[].class, Outputs.class)
                .optEngine(format.engine())
                .optModelPath(folder.path())
                .optModelName(format.modelFile())
                .optOption("SignatureDefKey", manifest.signature())
                .optTranslator(new BatchTranslator(manifest, new Preprocessor(manifest.input()), folder.outputNames()))
                .build();
        try {
            return new Classifier(folder, criteria.loadModel());
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            throw new InvalidModelException(format.modelFile(), format.engine() + " cannot load "
                    + folder.modelFile() + ": " + e.getMessage(), e);
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
        String[] warnings = new String[pngs.size()];
        // Decoding and resizing dominate the cost per stimulus; images are independent.
        IntStream.range(0, pngs.size()).parallel().forEach(i -> warnings[i] = Preprocessor.resizeWarning(
                preprocessor.toInput(pngs.get(i), inputs, i * preprocessor.valuesPerImage()), manifest().input()));
        Outputs outputs = outputs(inputs);
        int size = manifest().output().size();
        List<Prediction> predictions = new ArrayList<>(pngs.size());
        for (int i = 0; i < pngs.size(); i++) {
            Prediction prediction = interpret(outputs.probabilities(), i * size);
            float[] embedding = outputs.embeddingSize() == 0 ? null : Arrays.copyOfRange(outputs.embeddings(),
                    i * outputs.embeddingSize(), (i + 1) * outputs.embeddingSize());
            predictions.add(new Prediction(prediction.categoryProbabilities(), prediction.topOutputs(),
                    prediction.decision(), embedding, warnings[i]));
        }
        return predictions;
    }

    /**
     * Runs already preprocessed input values (a whole batch, laid out as model.json says) and
     * returns the outputs.
     */
    synchronized Outputs outputs(float[] inputs) {
        try {
            return predictor.predict(inputs);
        } catch (TranslateException e) {
            throw new IllegalStateException("model " + manifest().name() + " failed: " + e.getMessage(), e);
        }
    }

    /** Runs two blank images and checks the declared outputs' sizes against model.json. */
    void checkRuns() {
        Outputs outputs;
        try {
            outputs = outputs(new float[2 * preprocessor.valuesPerImage()]);
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof InvalidModelException named) {
                    throw named; // e.g. a declared output the model does not return
                }
            }
            String cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            throw new InvalidModelException(manifest().format().modelFile(), "the model does not run on a batch of"
                    + " two blank inputs of the declared shape " + Arrays.toString(preprocessor.shape(2)) + ": " + cause, e);
        }
        if (outputs.probabilities().length != 2 * manifest().output().size()) {
            throw new InvalidModelException("output.size", "model.json declares " + manifest().output().size()
                    + " outputs, but the model returned " + outputs.probabilities().length / 2.0 + " per image");
        }
    }

    Prediction interpret(float[] outputs, int offset) {
        return reduce(manifest(), outputs, offset);
    }

    /** The prediction of the image whose probabilities start at {@code offset}, reduced as model.json says. */
    static Prediction reduce(ModelManifest manifest, float[] outputs, int offset) {
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

    /** One call = one batch: flat input values in, flat probabilities (and embeddings) out. */
    private record BatchTranslator(ModelManifest manifest, Preprocessor preprocessor, List<String> outputNames)
            implements NoBatchifyTranslator<float[], Outputs> {

        @Override
        public NDList processInput(TranslatorContext context, float[] values) {
            int images = values.length / preprocessor.valuesPerImage();
            NDArray batch = context.getNDManager().create(values, new Shape(preprocessor.shape(images)));
            // TensorFlow and ONNX Runtime feed inputs by name; PyTorch reads a name as a structure hint.
            if (manifest.format() != ModelManifest.Format.TORCHSCRIPT) {
                batch.setName(manifest.input().tensor());
            }
            return new NDList(batch);
        }

        @Override
        public Outputs processOutput(TranslatorContext context, NDList list) {
            boolean onlyProbabilities = list.size() == 1 && manifest.embeddingTensor() == null;
            float[] probabilities = (onlyProbabilities ? list.head() : output(list, manifest.output().tensor(),
                    "output.tensor")).toFloatArray();
            int size = manifest.output().size();
            if (probabilities.length % size != 0) {
                throw new InvalidModelException("output.size", "model.json declares " + size + " outputs per image,"
                        + " but tensor '" + manifest.output().tensor() + "' holds " + probabilities.length + " values");
            }
            if (manifest.output().activation() == ModelManifest.Activation.LOGITS) {
                softmax(probabilities, size);
            }
            if (manifest.embeddingTensor() == null) {
                return new Outputs(probabilities, new float[0], 0);
            }
            NDArray embedding = output(list, manifest.embeddingTensor(), "outputs.embedding");
            int images = probabilities.length / size;
            float[] embeddings = embedding.toFloatArray();
            if (embedding.getShape().dimension() < 1 || embedding.getShape().get(0) != images
                    || embeddings.length == 0 || embeddings.length % images != 0) {
                throw new InvalidModelException("outputs.embedding", "tensor '" + manifest.embeddingTensor()
                        + "' has shape " + embedding.getShape() + "; an embedding needs one row per image (" + images + ")");
            }
            return new Outputs(probabilities, embeddings, embeddings.length / images);
        }

        /**
         * An output by name. TensorFlow names its outputs, a TorchScript module returning a dict
         * by its keys; ONNX Runtime's come in the graph's order (named from model.onnx), and a
         * TorchScript tuple's are named by position ("0", "1", …).
         */
        private NDArray output(NDList list, String name, String field) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                String own = list.get(i).getName();
                String known = own != null && !own.isEmpty() ? own
                        : i < outputNames.size() ? outputNames.get(i) : Integer.toString(i);
                if (known.equals(name)) {
                    return list.get(i);
                }
                names.add(known);
            }
            throw new InvalidModelException(field, "the model returned no tensor '" + name + "'; it returned " + names);
        }
    }

    /** Softmax over each row of {@code size} values, in place, computed in double precision. */
    static void softmax(float[] values, int size) {
        for (int row = 0; row < values.length; row += size) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = row; i < row + size; i++) {
                max = Math.max(max, values[i]);
            }
            double sum = 0;
            double[] exp = new double[size];
            for (int i = 0; i < size; i++) {
                exp[i] = Math.exp(values[row + i] - max);
                sum += exp[i];
            }
            for (int i = 0; i < size; i++) {
                values[row + i] = (float) (exp[i] / sum);
            }
        }
    }
}
