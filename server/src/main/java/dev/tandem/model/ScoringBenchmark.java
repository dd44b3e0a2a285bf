package dev.tandem.model;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.framework.SignatureDef;
import org.tensorflow.types.TFloat32;

/**
 * Images per second for one model through its bare engine and through Tandem's scoring path, on
 * the same batches of the same stimulus PNGs:
 * <ul>
 *   <li>bare: the engine itself fed already preprocessed float batches — the SavedModel's
 *       TensorFlow session, the ONNX Runtime session ({@code ai.onnxruntime}), or the TorchScript
 *       module called directly (PyTorch's forward on a tensor of the floats);</li>
 *   <li>tandem inference: the same float batches through {@link Classifier} (DJL predictor,
 *       output copy, softmax where declared, the embedding output, category reduction) — the
 *       overhead Tandem adds around the engine;</li>
 *   <li>tandem end to end: PNG bytes → decode → declared preprocessing → the above — what a
 *       scoring job does per stimulus.</li>
 * </ul>
 * The three paths take turns batch by batch; each figure is the median of several timed rounds
 * after one warm-up round.
 */
public final class ScoringBenchmark {

    /** Measured throughput, images per second. */
    public record Figures(int images, int batchSize, double bare, double tandemInference, double tandemEndToEnd) {
        public double inferenceRatio() {
            return tandemInference / bare;
        }

        public double endToEndRatio() {
            return tandemEndToEnd / bare;
        }
    }

    /** An engine called without Tandem: preprocessed floats in, the probability tensor's values out. */
    interface BareEngine extends AutoCloseable {
        float[] run(float[] values);

        @Override
        void close();
    }

    /** The size of a typical model-vs-human dataset's stimulus set (16 categories x 80 images). */
    static final int EXPERIMENT_STIMULI = 1280;

    private final Engines engines;
    private final PrintStream out;

    public ScoringBenchmark(Engines engines, PrintStream out) {
        this.engines = engines;
        this.out = out;
    }

    public Figures run(ModelFolder folder, List<byte[]> pngs, int batchSize, int rounds) {
        Preprocessor preprocessor = new Preprocessor(folder.manifest().input());
        List<float[]> batches = new ArrayList<>();
        for (int start = 0; start < pngs.size(); start += batchSize) {
            List<byte[]> batch = pngs.subList(start, Math.min(pngs.size(), start + batchSize));
            float[] values = new float[batch.size() * preprocessor.valuesPerImage()];
            for (int i = 0; i < batch.size(); i++) {
                preprocessor.toInput(batch.get(i), values, i * preprocessor.valuesPerImage());
            }
            batches.add(values);
        }
        double[] bare = new double[rounds];
        double[] inference = new double[rounds];
        double[] endToEnd = new double[rounds];
        try (Classifier classifier = Classifier.open(folder, engines);
             BareEngine engine = bareEngine(folder, preprocessor)) {
            int size = classifier.manifest().output().size();
            for (int round = -1; round < rounds; round++) { // round -1 warms up
                // The three paths take turns batch by batch, so that a machine whose load changes
                // during the run (a shared one) slows each of them alike.
                long[] nanos = new long[3];
                for (int b = 0; b < batches.size(); b++) {
                    float[] values = batches.get(b);
                    List<byte[]> batchPngs = pngs.subList(b * batchSize, Math.min(pngs.size(), (b + 1) * batchSize));
                    nanos[0] += time(() -> engine.run(values));
                    nanos[1] += time(() -> {
                        float[] outputs = classifier.outputs(values).probabilities();
                        for (int offset = 0; offset < outputs.length; offset += size) {
                            classifier.interpret(outputs, offset);
                        }
                    });
                    nanos[2] += time(() -> classifier.predict(batchPngs));
                }
                if (round >= 0) {
                    bare[round] = pngs.size() / (nanos[0] / 1e9);
                    inference[round] = pngs.size() / (nanos[1] / 1e9);
                    endToEnd[round] = pngs.size() / (nanos[2] / 1e9);
                }
            }
        }
        Figures figures = new Figures(pngs.size(), batchSize, median(bare), median(inference), median(endToEnd));
        ModelManifest.Input input = folder.manifest().input();
        out.printf("model %s (%s, input %dx%dx%d), %d images, batches of %d, median of %d rounds%n",
                folder.manifest().name(), folder.manifest().format().jsonName(), input.height(), input.width(),
                input.channels(), figures.images(), batchSize, rounds);
        out.printf("  bare %-28s (preprocessed floats) %10.1f images/s%n", bareName(folder), figures.bare());
        out.printf("  Tandem inference (same floats, DJL)                %10.1f images/s   ratio %.3f%n",
                figures.tandemInference(), figures.inferenceRatio());
        out.printf("  Tandem end to end (PNG bytes -> decision)          %10.1f images/s   ratio %.3f%n",
                figures.tandemEndToEnd(), figures.endToEndRatio());
        out.printf("  an experiment of 1,280 distinct stimuli, end to end: %.1f s (%d processors)%n",
                EXPERIMENT_STIMULI / figures.tandemEndToEnd(), Runtime.getRuntime().availableProcessors());
        return figures;
    }

    private static String bareName(ModelFolder folder) {
        return switch (folder.manifest().format()) {
            case TENSORFLOW_SAVED_MODEL -> "TensorFlow session";
            case ONNX -> "ONNX Runtime session";
            case TORCHSCRIPT -> "PyTorch module forward";
        };
    }

    BareEngine bareEngine(ModelFolder folder, Preprocessor preprocessor) {
        return switch (folder.manifest().format()) {
            case TENSORFLOW_SAVED_MODEL -> new BareSession(SavedModelBundle.load(folder.path().toString(),
                    ModelFolder.SERVE_TAG), folder.manifest(), preprocessor);
            case ONNX -> BareOnnx.open(folder, preprocessor);
            case TORCHSCRIPT -> BareTorchScript.open(folder, preprocessor);
        };
    }

    /** The model's own session, fed by tensor name from its signature. */
    private record BareSession(SavedModelBundle bundle, Session session, String input, String output,
                               Preprocessor preprocessor) implements BareEngine {
        BareSession(SavedModelBundle bundle, ModelManifest manifest, Preprocessor preprocessor) {
            this(bundle, bundle.session(), signature(bundle, manifest).getInputsMap().get(manifest.input().tensor()).getName(),
                    signature(bundle, manifest).getOutputsMap().get(manifest.output().tensor()).getName(), preprocessor);
        }

        private static SignatureDef signature(SavedModelBundle bundle, ModelManifest manifest) {
            return bundle.metaGraphDef().getSignatureDefMap().get(manifest.signature());
        }

        @Override
        public float[] run(float[] values) {
            int images = values.length / preprocessor.valuesPerImage();
            try (TFloat32 batch = TFloat32.tensorOf(Shape.of(preprocessor.shape(images)),
                         DataBuffers.of(values, true, false));
                 Result result = session.runner().feed(input, batch).fetch(output).run()) {
                TFloat32 probabilities = (TFloat32) result.get(0);
                float[] copy = new float[(int) probabilities.size()];
                probabilities.read(DataBuffers.of(copy, false, false));
                return copy;
            }
        }

        @Override
        public void close() {
            bundle.close();
        }
    }

    private static long time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /**
     * Stimuli as participants see them: Fashion-MNIST test images upscaled ×8 to 224×224
     * grayscale PNGs by nearest neighbour; random noise images when the dataset is not installed.
     */
    public static List<byte[]> displayedStimuli(Path data, int count) throws IOException {
        IdxImages test = Files.isDirectory(data) ? IdxImages.read(data, "t10k") : null;
        Random random = new Random(1);
        List<byte[]> pngs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            var image = new java.awt.image.BufferedImage(224, 224, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 224; y++) {
                for (int x = 0; x < 224; x++) {
                    int value = test != null
                            ? test.pixels()[(i % test.count()) * 784 + (y / 8) * 28 + x / 8] & 0xff
                            : random.nextInt(256);
                    image.getRaster().setSample(x, y, 0, value);
                }
            }
            var bytes = new java.io.ByteArrayOutputStream();
            ImageIO.write(image, "png", bytes);
            pngs.add(bytes.toByteArray());
        }
        return pngs;
    }

    /** {@code ScoringBenchmark [MODEL_DIR] [IMAGES] [BATCH] [ROUNDS]}. */
    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args.length > 0 ? args[0] : "stimuli/fashion-mnist/models/fashion-cnn");
        int images = args.length > 1 ? Integer.parseInt(args[1]) : 2048;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        new ScoringBenchmark(Engines.fromEnvironment(), System.out)
                .run(ModelFolder.read(folder), displayedStimuli(DemoModelTrainer.DEFAULT_DATA, images), batch, rounds);
    }
}
