package dev.tandem.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;

/** Small SavedModels built by the tests themselves with TensorFlow's Java API. */
public final class TinySavedModels {

    public static final TensorFlowNatives NATIVES = TensorFlowNatives.fromEnvironment();
    public static final Engines ENGINES = new Engines(NATIVES, PyTorchNatives.fromEnvironment());

    private TinySavedModels() {}

    /**
     * Whatever the image, returns {@code outputs} (one row per image) under "scores". The row is
     * a variable, so the SavedModel has a variables/ checkpoint as trained models do.
     */
    static Path constantOutputs(Path folder, int side, float[] outputs) throws IOException {
        NATIVES.load();
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> image = tf.withName("image").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, side, side, 1)));
            Operand<TFloat32> perImage = tf.reshape(tf.sum(image, tf.constant(new int[] {1, 2, 3}),
                    Sum.keepDims(true)), tf.constant(new int[] {-1, 1}));
            Operand<TFloat32> row = tf.variable(tf.constant(Shape.of(1, outputs.length),
                    DataBuffers.of(outputs, true, false)));
            Operand<TFloat32> zeros = tf.zeros(tf.constant(new int[] {1, outputs.length}), TFloat32.class);
            Operand<TFloat32> scores = tf.withName("scores").math.add(tf.math.mul(perImage, zeros), row);
            export(graph, folder, image, scores, "image", "scores");
        }
        return folder;
    }

    /** Returns its input flattened, so tests can see exactly what Tandem fed. */
    static Path echo(Path folder, long[] inputShape) throws IOException {
        NATIVES.load();
        long values = inputShape[1] * inputShape[2] * inputShape[3];
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> image = tf.withName("pixels").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(inputShape)));
            Operand<TFloat32> flat = tf.withName("flat").reshape(image, tf.constant(new long[] {-1, values}));
            export(graph, folder, image, flat, "pixels", "flat");
        }
        return folder;
    }

    /**
     * Looks only at the top-left {@code corner} × {@code corner} input pixels: every one of its
     * {@code outputs} is their mean distance from mid-grey (128/255), so greying any pixel there
     * (occlusion, RISE's blending) lowers every output and greying anything else changes nothing.
     */
    public static Path cornerContrast(Path folder, int side, int corner, int outputs) throws IOException {
        NATIVES.load();
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> image = tf.withName("image").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, side, side, 1)));
            Operand<TFloat32> cornerPixels = tf.slice(image, tf.constant(new int[] {0, 0, 0, 0}),
                    tf.constant(new int[] {-1, corner, corner, 1}));
            Operand<TFloat32> contrast = tf.math.abs(tf.math.sub(cornerPixels, tf.constant(128f / 255f)));
            Operand<TFloat32> perImage = tf.reshape(tf.math.mean(contrast, tf.constant(new int[] {1, 2, 3})),
                    tf.constant(new int[] {-1, 1}));
            Operand<TFloat32> ones = tf.ones(tf.constant(new int[] {1, outputs}), TFloat32.class);
            Operand<TFloat32> scores = tf.withName("scores").math.mul(perImage, ones);
            export(graph, folder, image, scores, "image", "scores");
        }
        return folder;
    }

    private static void export(Graph graph, Path folder, Operand<TFloat32> input, Operand<TFloat32> output,
                               String inputKey, String outputKey) throws IOException {
        Files.createDirectories(folder.getParent());
        try (Session session = new Session(graph)) {
            session.initialize();
            Signature signature = Signature.builder().key(Signature.DEFAULT_KEY)
                    .input(inputKey, input).output(outputKey, output).build();
            SavedModelBundle.exporter(folder.toString()).withSession(session).withSignature(signature).export();
        }
    }

    /** A manifest for the tiny models: grayscale, NHWC, divide by 255, no mean/std shift. */
    public static ModelManifest manifest(String name, int side, String inputTensor, String outputTensor, int outputs,
                                  ModelManifest.Reduction reduction, List<ModelManifest.Category> categories) {
        return new ModelManifest(name, "1", Signature.DEFAULT_KEY,
                new ModelManifest.Input(inputTensor, side, side, 1, ModelManifest.Layout.NHWC,
                        ModelManifest.Resize.AREA, 255.0, List.of(0.0), List.of(1.0)),
                new ModelManifest.Output(outputTensor, outputs, ModelManifest.Activation.PROBABILITIES),
                reduction, categories, null);
    }

    public static void writeManifest(Path folder, ModelManifest manifest) throws IOException {
        Files.writeString(folder.resolve(ModelFolder.MANIFEST), manifest.toJson());
    }
}
