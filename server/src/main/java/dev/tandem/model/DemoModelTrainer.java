package dev.tandem.model;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * {@code model train-demo}: trains {@link DemoCnn} on the Fashion-MNIST training set, measures
 * accuracy on the 10,000 test images and exports a model folder (SavedModel + model.json) whose
 * signature returns the probabilities and the penultimate layer as {@code embedding}.
 * {@code model reexport-demo} ({@link #reexport}) rewrites an existing folder with the current
 * serving graph, keeping its trained weights.
 */
public final class DemoModelTrainer {

    /** Fashion-MNIST's classes in label order (Xiao, Rasul & Vollgraf 2017). */
    public static final List<String> CATEGORIES = List.of("T-shirt/top", "Trouser", "Pullover",
            "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final Path DEFAULT_DATA = Path.of("/usr/share/datasets/fashion-mnist");

    /**
     * @param data folder with the four IDX files ({@code train-…}, {@code t10k-…}, gzipped or not)
     * @param output the model folder to write; must not exist yet
     * @param seed drives weight initialisation, shuffling and dropout
     * @param trainingImages how many training images to use, from the start of the set (0 = all)
     */
    public record Settings(Path data, Path output, long seed, int epochs, int batchSize, int trainingImages) {
        public static Settings defaults(Path output) {
            return new Settings(DEFAULT_DATA, output, 20261122L, 8, 64, 0);
        }
    }

    /** What a training run measured. */
    public record Outcome(Path folder, double testAccuracy, int testImages, double trainingSeconds,
                          double finalLoss) {}

    private static final float BASE_LEARNING_RATE = 1e-3f;
    private static final float LEARNING_RATE_DECAY = 0.75f;
    private static final float KEEP_PROBABILITY = 0.5f;
    private static final int EVALUATION_BATCH = 500;

    private final TensorFlowNatives natives;
    private final PrintStream log;

    public DemoModelTrainer(TensorFlowNatives natives, PrintStream log) {
        this.natives = natives;
        this.log = log;
    }

    public Outcome train(Settings settings) throws IOException {
        if (Files.exists(settings.output())) {
            throw new IOException(settings.output() + " already exists; remove it or pick another folder");
        }
        natives.load();
        IdxImages train = IdxImages.read(settings.data(), "train");
        IdxImages test = IdxImages.read(settings.data(), "t10k");
        int trainingImages = settings.trainingImages() > 0
                ? Math.min(settings.trainingImages(), train.count()) : train.count();
        log.printf("Fashion-MNIST: training on %d of %d images, testing on %d, from %s%n",
                trainingImages, train.count(), test.count(), settings.data());

        long started = System.nanoTime();
        Map<String, float[]> weights;
        double finalLoss;
        try (Graph graph = new Graph()) {
            DemoCnn cnn = DemoCnn.forTraining(graph, settings.seed());
            try (Session session = new Session(graph)) {
                session.initialize();
                finalLoss = fit(cnn, session, train, trainingImages, settings);
                weights = cnn.readWeights(session);
            }
        }
        double trainingSeconds = (System.nanoTime() - started) / 1e9;

        try (Graph graph = new Graph()) {
            DemoCnn cnn = DemoCnn.forServing(graph);
            try (Session session = new Session(graph)) {
                cnn.assignWeights(session, weights);
                double accuracy = accuracy(cnn, session, test);
                log.printf("test accuracy %.4f on %d images; trained in %.0f s%n",
                        accuracy, test.count(), trainingSeconds);
                export(cnn, session, settings, trainingImages, accuracy, test.count(), trainingSeconds);
                return new Outcome(settings.output(), accuracy, test.count(), trainingSeconds, finalLoss);
            }
        }
    }

    private double fit(DemoCnn cnn, Session session, IdxImages train, int trainingImages, Settings settings) {
        Random random = new Random(settings.seed());
        int pixels = DemoCnn.SIDE * DemoCnn.SIDE;
        int batchSize = settings.batchSize();
        float[] batchImages = new float[batchSize * pixels];
        int[] batchLabels = new int[batchSize];
        int[] order = new int[trainingImages];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int step = 0;
        double epochLoss = 0;
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            shuffle(order, random);
            float learningRate = BASE_LEARNING_RATE * (float) Math.pow(LEARNING_RATE_DECAY, epoch);
            double lossSum = 0;
            int batches = order.length / batchSize; // the remainder is reshuffled next epoch
            for (int b = 0; b < batches; b++) {
                for (int i = 0; i < batchSize; i++) {
                    int index = order[b * batchSize + i];
                    train.copyScaled(index, batchImages, i * pixels);
                    batchLabels[i] = train.label(index);
                }
                step++;
                lossSum += trainStep(cnn, session, batchImages, batchLabels, learningRate, step,
                        random.nextLong());
            }
            epochLoss = lossSum / batches;
            log.printf("epoch %d/%d: loss %.4f, learning rate %.2e, %.1f s%n", epoch + 1,
                    settings.epochs(), epochLoss, learningRate, (System.nanoTime() - epochStart) / 1e9);
        }
        return epochLoss;
    }

    private static float trainStep(DemoCnn cnn, Session session, float[] images, int[] labels,
                                   float learningRate, int step, long dropoutSeed) {
        Shape shape = Shape.of(labels.length, DemoCnn.SIDE, DemoCnn.SIDE, 1);
        try (TFloat32 imageTensor = TFloat32.tensorOf(shape, DataBuffers.of(images, true, false));
             TInt32 labelTensor = TInt32.tensorOf(Shape.of(labels.length), DataBuffers.of(labels, true, false));
             TFloat32 rate = TFloat32.scalarOf(learningRate);
             TFloat32 beta1Power = TFloat32.scalarOf((float) Math.pow(0.9, step));
             TFloat32 beta2Power = TFloat32.scalarOf((float) Math.pow(0.999, step));
             TFloat32 keep = TFloat32.scalarOf(KEEP_PROBABILITY);
             TInt64 seed = TInt64.vectorOf(dropoutSeed, step)) {
            Session.Runner runner = session.runner()
                    .feed(cnn.images, imageTensor).feed(cnn.labels, labelTensor)
                    .feed(cnn.learningRate, rate).feed(cnn.beta1Power, beta1Power)
                    .feed(cnn.beta2Power, beta2Power).feed(cnn.keepProbability, keep)
                    .feed(cnn.dropoutSeed, seed).fetch(cnn.loss);
            cnn.trainSteps.forEach(runner::addTarget);
            try (Result result = runner.run()) {
                return ((TFloat32) result.get(0)).getFloat();
            }
        }
    }

    private static double accuracy(DemoCnn cnn, Session session, IdxImages test) {
        int pixels = DemoCnn.SIDE * DemoCnn.SIDE;
        int correct = 0;
        for (int start = 0; start < test.count(); start += EVALUATION_BATCH) {
            int n = Math.min(EVALUATION_BATCH, test.count() - start);
            float[] batch = new float[n * pixels];
            for (int i = 0; i < n; i++) {
                test.copyScaled(start + i, batch, i * pixels);
            }
            float[] probabilities = new float[n * DemoCnn.CLASSES];
            try (TFloat32 input = TFloat32.tensorOf(Shape.of(n, DemoCnn.SIDE, DemoCnn.SIDE, 1),
                         DataBuffers.of(batch, true, false));
                 Result result = session.runner().feed(cnn.images, input).fetch(cnn.probabilities).run()) {
                ((TFloat32) result.get(0)).read(DataBuffers.of(probabilities, false, false));
            }
            for (int i = 0; i < n; i++) {
                if (argMax(probabilities, i * DemoCnn.CLASSES, DemoCnn.CLASSES) == test.label(start + i)) {
                    correct++;
                }
            }
        }
        return correct / (double) test.count();
    }

    private void export(DemoCnn cnn, Session session, Settings settings, int trainingImages, double accuracy,
                        int testImages, double seconds) throws IOException {
        writeSavedModel(cnn, session, settings.output());
        List<ModelManifest.Category> categories = new ArrayList<>();
        for (int i = 0; i < CATEGORIES.size(); i++) {
            categories.add(new ModelManifest.Category(CATEGORIES.get(i), List.of(i)));
        }
        ModelManifest manifest = new ModelManifest("fashion-cnn", "1", ModelManifest.Format.TENSORFLOW_SAVED_MODEL,
                Signature.DEFAULT_KEY,
                new ModelManifest.Input(DemoCnn.INPUT, DemoCnn.SIDE, DemoCnn.SIDE, 1,
                        ModelManifest.Layout.NHWC, ModelManifest.Resize.AREA, 255.0,
                        List.of(0.0), List.of(1.0)),
                new ModelManifest.Output(DemoCnn.OUTPUT, DemoCnn.CLASSES, ModelManifest.Activation.PROBABILITIES),
                DemoCnn.EMBEDDING, ModelManifest.Reduction.MEAN, null, categories,
                new ModelManifest.Training(String.format("Fashion-MNIST training set (%,d images)", trainingImages),
                        "dev.tandem.model.DemoModelTrainer", settings.seed(), settings.epochs(),
                        settings.batchSize(), Math.round(seconds), accuracy, testImages));
        Files.writeString(settings.output().resolve(ModelFolder.MANIFEST), manifest.toJson());
    }

    /** The serving graph as a SavedModel whose default signature returns probabilities and embedding. */
    private static void writeSavedModel(DemoCnn cnn, Session session, Path output) throws IOException {
        Signature signature = Signature.builder().key(Signature.DEFAULT_KEY).input(DemoCnn.INPUT, cnn.images)
                .output(DemoCnn.OUTPUT, cnn.probabilities).output(DemoCnn.EMBEDDING, cnn.embedding).build();
        SavedModelBundle.exporter(output.toString()).withSession(session).withSignature(signature).export();
    }

    /** What a re-export measured on the test images (NaN and 0 when none were read). */
    public record Reexport(Path folder, int comparedImages, double maxProbabilityDifference, double testAccuracy,
                           int embeddingSize, double minEmbeddingValue) {}

    /**
     * {@code model reexport-demo}: writes the demo model folder {@code from} again with the
     * current serving graph (which adds the {@code embedding} output), its trained weights read
     * from the SavedModel unchanged, and its model.json kept except for {@code outputs.embedding}.
     * Nothing is retrained. When {@code data} holds the Fashion-MNIST test set, the old and the new
     * graph classify all of it first and nothing is written unless their probabilities agree to
     * within 1e-6; the accuracy and the embedding's size and minimum are reported.
     *
     * @param data the IDX folder, or a folder that does not exist to skip the comparison
     */
    public Reexport reexport(Path from, Path output, Path data) throws IOException {
        if (Files.exists(output)) {
            throw new IOException(output + " already exists; remove it or pick another folder");
        }
        ModelManifest old = ModelFolder.read(from).manifest();
        if (old.format() != ModelManifest.Format.TENSORFLOW_SAVED_MODEL
                || !old.input().tensor().equals(DemoCnn.INPUT) || !old.output().tensor().equals(DemoCnn.OUTPUT)
                || old.output().size() != DemoCnn.CLASSES) {
            throw new IOException(from + " is not a demo CNN folder (a SavedModel taking '" + DemoCnn.INPUT
                    + "' and returning " + DemoCnn.CLASSES + " '" + DemoCnn.OUTPUT + "')");
        }
        natives.load();
        IdxImages test = Files.isDirectory(data) ? IdxImages.read(data, "t10k") : null;
        try (SavedModelBundle bundle = SavedModelBundle.load(from.toString(), ModelFolder.SERVE_TAG);
             Graph graph = new Graph()) {
            Map<String, float[]> weights = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> weight : DemoCnn.WEIGHTS.entrySet()) {
                try (Result result = bundle.session().runner().fetch(weight.getKey()).run()) {
                    TFloat32 tensor = (TFloat32) result.get(0);
                    if (!tensor.shape().equals(Shape.of(weight.getValue()))) {
                        throw new IOException(from + ": weight " + weight.getKey() + " has shape " + tensor.shape()
                                + ", the demo CNN's is " + Shape.of(weight.getValue()));
                    }
                    float[] values = new float[(int) tensor.size()];
                    tensor.read(DataBuffers.of(values, false, false));
                    weights.put(weight.getKey(), values);
                }
            }
            DemoCnn cnn = DemoCnn.forServing(graph);
            try (Session session = new Session(graph)) {
                cnn.assignWeights(session, weights);
                Reexport measured = new Reexport(output, 0, Double.NaN, Double.NaN, 0, Double.NaN);
                if (test != null) {
                    var signature = bundle.metaGraphDef().getSignatureDefMap().get(old.signature());
                    measured = compare(bundle.session(), signature.getInputsMap().get(DemoCnn.INPUT).getName(),
                            signature.getOutputsMap().get(DemoCnn.OUTPUT).getName(), cnn, session, test, output);
                    log.printf("old vs new probabilities on %,d test images: max abs difference %.3g; test accuracy"
                                    + " %.4f (model.json: %.4f); embedding %d values per image, minimum %.3g%n",
                            measured.comparedImages(), measured.maxProbabilityDifference(), measured.testAccuracy(),
                            old.training() == null ? Double.NaN : old.training().testAccuracy(),
                            measured.embeddingSize(), measured.minEmbeddingValue());
                    if (!(measured.maxProbabilityDifference() <= 1e-6)) {
                        throw new IOException("the re-exported graph's probabilities differ from " + from
                                + "'s by up to " + measured.maxProbabilityDifference() + "; nothing written");
                    }
                } else {
                    log.printf("no Fashion-MNIST test set at %s: old and new outputs not compared%n", data);
                }
                writeSavedModel(cnn, session, output);
                ModelManifest manifest = new ModelManifest(old.name(), old.version(), old.format(), old.signature(),
                        old.input(), old.output(), DemoCnn.EMBEDDING, old.reduction(), old.namedMapping(),
                        old.categories(), old.training());
                Files.writeString(output.resolve(ModelFolder.MANIFEST), manifest.toJson());
                return measured;
            }
        }
    }

    /** Runs the old session (by its signature's tensor names) and the new graph on every test image. */
    private static Reexport compare(Session old, String oldInput, String oldOutput, DemoCnn cnn, Session session,
                                    IdxImages test, Path output) {
        int pixels = DemoCnn.SIDE * DemoCnn.SIDE;
        double maxDifference = 0;
        double minEmbedding = Double.POSITIVE_INFINITY;
        int embeddingSize = 0;
        int correct = 0;
        for (int start = 0; start < test.count(); start += EVALUATION_BATCH) {
            int n = Math.min(EVALUATION_BATCH, test.count() - start);
            float[] batch = new float[n * pixels];
            for (int i = 0; i < n; i++) {
                test.copyScaled(start + i, batch, i * pixels);
            }
            try (TFloat32 input = TFloat32.tensorOf(Shape.of(n, DemoCnn.SIDE, DemoCnn.SIDE, 1),
                         DataBuffers.of(batch, true, false));
                 Result before = old.runner().feed(oldInput, input).fetch(oldOutput).run();
                 Result after = session.runner().feed(cnn.images, input).fetch(cnn.probabilities)
                         .fetch(cnn.embedding).run()) {
                float[] oldProbabilities = values((TFloat32) before.get(0));
                float[] probabilities = values((TFloat32) after.get(0));
                float[] embeddings = values((TFloat32) after.get(1));
                embeddingSize = (int) after.get(1).shape().size(1);
                for (int i = 0; i < probabilities.length; i++) {
                    maxDifference = Math.max(maxDifference, Math.abs(probabilities[i] - oldProbabilities[i]));
                }
                for (float value : embeddings) {
                    minEmbedding = Math.min(minEmbedding, value);
                }
                for (int i = 0; i < n; i++) {
                    if (argMax(probabilities, i * DemoCnn.CLASSES, DemoCnn.CLASSES) == test.label(start + i)) {
                        correct++;
                    }
                }
            }
        }
        return new Reexport(output, test.count(), maxDifference, correct / (double) test.count(), embeddingSize,
                minEmbedding);
    }

    private static float[] values(TFloat32 tensor) {
        float[] values = new float[(int) tensor.size()];
        tensor.read(DataBuffers.of(values, false, false));
        return values;
    }

    static int argMax(float[] values, int offset, int length) {
        int best = 0;
        for (int i = 1; i < length; i++) {
            if (values[offset + i] > values[offset + best]) {
                best = i;
            }
        }
        return best;
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }
}
