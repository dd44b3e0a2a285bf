package dev.tandem.model;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a model folder's {@code model.json} declares: how to turn a stimulus PNG into the
 * model's input tensor, where its output is, and how output indices map to the experiment's
 * categories. Read and written by {@link ManifestJson}; every value is checked on construction.
 *
 * @param format how the model is stored and which engine runs it
 * @param signature the SavedModel signature to call (usually {@code serving_default}); unused by
 *     the other formats
 * @param embeddingTensor {@code outputs.embedding}: a further output tensor (e.g. the penultimate
 *     layer) stored per stimulus as a float array; null when the model declares none
 * @param reduction how the probabilities of a category's indices combine
 * @param namedMapping the name of a built-in mapping ({@link CategoryMappings}) that gave
 *     {@code categories}, or null when model.json lists them
 * @param categories in the experiment's category order
 * @param training how the model was made, when Tandem trained it; may be null
 */
public record ModelManifest(String name, String version, Format format, String signature, Input input, Output output,
                            String embeddingTensor, Reduction reduction, String namedMapping, List<Category> categories,
                            Training training) {

    /** How a model folder stores its model; each format has one file beside model.json. */
    public enum Format {
        /** A TensorFlow SavedModel ({@code saved_model.pb} and {@code variables/}), run by DJL's TensorFlow engine. */
        TENSORFLOW_SAVED_MODEL("tensorflow-saved-model", "saved_model.pb", "TensorFlow"),
        /** An ONNX graph ({@code model.onnx}), run by DJL's ONNX Runtime engine. */
        ONNX("onnx", "model.onnx", "OnnxRuntime"),
        /** A TorchScript archive ({@code model.pt}, from {@code torch.jit.save}), run by DJL's PyTorch engine. */
        TORCHSCRIPT("torchscript", "model.pt", "PyTorch");

        private final String jsonName;
        private final String modelFile;
        private final String engine;

        Format(String jsonName, String modelFile, String engine) {
            this.jsonName = jsonName;
            this.modelFile = modelFile;
            this.engine = engine;
        }

        /** The value of model.json's {@code format}. */
        public String jsonName() {
            return jsonName;
        }

        /** The model's file in the folder. */
        public String modelFile() {
            return modelFile;
        }

        /** DJL's name of the engine that runs it. */
        String engine() {
            return engine;
        }
    }

    /** Axis order of the input tensor. */
    public enum Layout { NHWC, NCHW }

    /**
     * How the stimulus is brought to the input size. AREA averages every source pixel a target
     * pixel covers, which exactly undoes an integer nearest-neighbour upscale (a 28×28 image shown
     * at 224×224); BILINEAR uses half-pixel centres without antialiasing (TensorFlow 2's default);
     * NEAREST picks the source pixel under each target pixel's centre.
     */
    public enum Resize { AREA, BILINEAR, NEAREST }

    /** Whether the output tensor already holds probabilities or logits that need a softmax. */
    public enum Activation { PROBABILITIES, LOGITS }

    /**
     * MEAN: a category's probability is the mean over its indices (model-vs-human's 16-class
     * ImageNet mapping, Geirhos et al. 2018); SUM: their total (the probability of the union).
     */
    public enum Reduction { MEAN, SUM }

    /**
     * @param channels 1 = grayscale (an RGB stimulus becomes its Rec. 709 luminance), 3 = RGB (a
     *     grayscale stimulus is replicated into the three channels)
     * @param divideBy 8-bit values are divided by this first; then {@code (v - mean[c]) / std[c]}
     */
    public record Input(String tensor, int height, int width, int channels, Layout layout, Resize resize,
                        double divideBy, List<Double> mean, List<Double> std) {
        public Input {
            mean = List.copyOf(mean);
            std = List.copyOf(std);
            require(!tensor.isBlank(), "input.tensor", "must name the signature's input");
            require(height > 0 && height <= 4096, "input.height", "must be between 1 and 4096");
            require(width > 0 && width <= 4096, "input.width", "must be between 1 and 4096");
            require(channels == 1 || channels == 3, "input.channels", "must be 1 (grayscale) or 3 (RGB)");
            require(divideBy > 0, "input.normalization.divideBy", "must be positive");
            require(mean.size() == channels, "input.normalization.mean", "needs one value per channel");
            require(std.size() == channels, "input.normalization.std", "needs one value per channel");
            require(std.stream().allMatch(s -> s > 0), "input.normalization.std", "values must be positive");
        }
    }

    public record Output(String tensor, int size, Activation activation) {
        public Output {
            require(!tensor.isBlank(), "output.tensor", "must name the signature's output");
            require(size > 0, "output.size", "must be positive");
        }
    }

    public record Category(String name, List<Integer> indices) {
        public Category {
            indices = List.copyOf(indices);
        }
    }

    public record Training(String dataset, String trainer, long seed, int epochs, int batchSize,
                           long seconds, double testAccuracy, int testImages) {}

    /** A TensorFlow SavedModel's manifest with its categories listed and no embedding output. */
    public ModelManifest(String name, String version, String signature, Input input, Output output,
                         Reduction reduction, List<Category> categories, Training training) {
        this(name, version, Format.TENSORFLOW_SAVED_MODEL, signature, input, output, null, reduction, null,
                categories, training);
    }

    public ModelManifest {
        categories = List.copyOf(categories);
        require(embeddingTensor == null || !embeddingTensor.isBlank(), "outputs.embedding",
                "must name one of the model's output tensors");
        require(embeddingTensor == null || !embeddingTensor.equals(output.tensor()), "outputs.embedding",
                "must differ from output.tensor (the probabilities)");
        require(name.matches("[a-z0-9][a-z0-9._-]{0,63}"), "name",
                "must be 1-64 lower-case letters, digits, '.', '_' or '-'");
        require(!version.isBlank(), "version", "must not be empty");
        require(!signature.isBlank(), "signature", "must not be empty");
        require(!categories.isEmpty(), "categories.mapping", "must list at least one category");
        Set<String> names = new HashSet<>();
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < categories.size(); i++) {
            Category category = categories.get(i);
            String field = "categories.mapping[" + i + "]";
            require(!category.name().isBlank(), field + ".name", "must not be empty");
            require(names.add(category.name()), field + ".name", "'" + category.name() + "' appears twice");
            require(!category.indices().isEmpty(), field + ".indices", "must list at least one output index");
            for (int index : category.indices()) {
                require(index >= 0 && index < output.size(), field + ".indices",
                        "index " + index + " is outside the output's 0.." + (output.size() - 1));
                require(used.add(index), field + ".indices", "index " + index + " belongs to two categories");
            }
        }
    }

    public List<String> categoryNames() {
        return categories.stream().map(Category::name).toList();
    }

    public String toJson() {
        return ManifestJson.write(this);
    }

    static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static void require(boolean condition, String field, String message) {
        if (!condition) {
            throw new InvalidModelException(field, "model.json: " + field + " " + message);
        }
    }
}
