package dev.tandem.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The demo model's graph, built with TensorFlow's Java Ops API: two 3×3 convolution + ReLU +
 * 2×2 max-pool stages (32 and 64 filters), a 128-unit dense layer with dropout, and a softmax
 * over Fashion-MNIST's 10 classes. Input: float {@code [N, 28, 28, 1]} in [0, 1], background 0.
 * Outputs: {@code probabilities} {@code [N, 10]} and {@code embedding} {@code [N, 128]}, the dense
 * layer's ReLU activations (before dropout, which only the training graph has).
 *
 * <p>The training graph adds a loss, gradients ({@code tf.gradients}) and one {@code ApplyAdam}
 * per weight, with the step-dependent values (learning rate, β powers, dropout seed) fed from
 * Java. The serving graph holds only the forward pass, its weights assigned from trained
 * values, so the exported SavedModel carries no optimiser state.
 */
final class DemoCnn {

    static final int SIDE = 28;
    static final int CLASSES = 10;
    static final String INPUT = "image";
    static final String OUTPUT = "probabilities";
    /** The penultimate layer: the 128-unit dense layer's ReLU output, model.json's {@code outputs.embedding}. */
    static final String EMBEDDING = "embedding";
    private static final int HIDDEN = 128;
    private static final int FLAT = 7 * 7 * 64;
    /** Weight names and shapes, in the order the layers use them. */
    static final Map<String, long[]> WEIGHTS = weightShapes();

    private final Graph graph;
    final Placeholder<TFloat32> images;
    final Operand<TFloat32> probabilities;
    final Operand<TFloat32> embedding;
    final Map<String, Variable<TFloat32>> weights = new LinkedHashMap<>();
    // Training graph only (null in the serving graph):
    final Placeholder<TInt32> labels;
    final Placeholder<TFloat32> learningRate;
    final Placeholder<TFloat32> beta1Power;
    final Placeholder<TFloat32> beta2Power;
    final Placeholder<TFloat32> keepProbability;
    final Placeholder<TInt64> dropoutSeed;
    final Operand<TFloat32> loss;
    final List<Op> trainSteps = new ArrayList<>();

    private DemoCnn(Graph graph, BiFunction<Ops, String, Variable<TFloat32>> newVariable, boolean training) {
        this.graph = graph;
        Ops tf = Ops.create(graph);
        images = tf.withName(INPUT).placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, SIDE, SIDE, 1)));
        for (String name : WEIGHTS.keySet()) {
            weights.put(name, newVariable.apply(tf, name));
        }
        Operand<TFloat32> x = convolutionStage(tf, images, "conv1");
        x = convolutionStage(tf, x, "conv2");
        x = tf.reshape(x, tf.constant(new int[] {-1, FLAT}));
        x = tf.withName(EMBEDDING).nn.relu(tf.math.add(tf.linalg.matMul(x, weights.get("dense1_kernel")),
                weights.get("dense1_bias")));
        embedding = x;
        if (training) {
            keepProbability = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            dropoutSeed = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
            x = dropout(tf, x);
        } else {
            keepProbability = null;
            dropoutSeed = null;
        }
        Operand<TFloat32> logits = tf.math.add(tf.linalg.matMul(x, weights.get("dense2_kernel")),
                weights.get("dense2_bias"));
        probabilities = tf.withName(OUTPUT).nn.softmax(logits);
        if (!training) {
            labels = null;
            learningRate = beta1Power = beta2Power = null;
            loss = null;
            return;
        }
        labels = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        learningRate = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        beta1Power = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        beta2Power = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        var crossEntropy = tf.nn.sparseSoftmaxCrossEntropyWithLogits(logits, labels);
        loss = tf.math.mean(crossEntropy.loss(), tf.constant(0));
        // TensorFlow's C++ gradient registry has no entry for the sparse cross-entropy op, but
        // the op's second output is the loss gradient w.r.t. the logits; start backprop there.
        Operand<TFloat32> logitGradient = tf.math.div(crossEntropy.backprop(),
                tf.dtypes.cast(tf.size(labels), TFloat32.class));
        addAdam(tf, logits, logitGradient);
    }

    /** The graph to train, weights drawn with He-normal initialisation from {@code seed}. */
    static DemoCnn forTraining(Graph graph, long seed) {
        List<String> names = new ArrayList<>(WEIGHTS.keySet());
        return new DemoCnn(graph, (tf, name) -> {
            long[] shape = WEIGHTS.get(name);
            Operand<TInt64> dims = tf.constant(shape);
            if (name.endsWith("_bias")) {
                return tf.withName(name).variable(tf.zeros(dims, TFloat32.class));
            }
            long fanIn = 1;
            for (int i = 0; i < shape.length - 1; i++) {
                fanIn *= shape[i];
            }
            Operand<TFloat32> normal = tf.random.statelessTruncatedNormal(dims,
                    tf.constant(new long[] {seed, names.indexOf(name)}));
            // Truncation at 2σ shrinks the spread by 0.88; divide it back out (Keras does too).
            return tf.withName(name).variable(tf.math.mul(normal,
                    tf.constant((float) (Math.sqrt(2.0 / fanIn) / 0.87962566))));
        }, true);
    }

    /**
     * The forward pass alone. Its weights start uninitialised; {@link #assignWeights} fills them
     * (fed rather than baked in as constants, so the exported graph stays small).
     */
    static DemoCnn forServing(Graph graph) {
        return new DemoCnn(graph, (tf, name) -> tf.withName(name)
                .variable(Shape.of(WEIGHTS.get(name)), TFloat32.class), false);
    }

    /** Sets every weight of this graph to the given values. */
    void assignWeights(Session session, Map<String, float[]> values) {
        Ops tf = Ops.create(graph);
        for (Map.Entry<String, Variable<TFloat32>> weight : weights.entrySet()) {
            Placeholder<TFloat32> value = tf.placeholder(TFloat32.class);
            Op assign = tf.assign(weight.getValue(), value);
            try (TFloat32 tensor = TFloat32.tensorOf(Shape.of(WEIGHTS.get(weight.getKey())),
                    DataBuffers.of(values.get(weight.getKey()), true, false))) {
                session.runner().feed(value, tensor).addTarget(assign).run().close();
            }
        }
    }

    /** Reads the current weight values out of a session running this graph. */
    Map<String, float[]> readWeights(Session session) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, Variable<TFloat32>> weight : weights.entrySet()) {
            try (TFloat32 tensor = (TFloat32) session.runner().fetch(weight.getValue()).run().get(0)) {
                float[] data = new float[(int) tensor.size()];
                tensor.read(DataBuffers.of(data, false, false));
                values.put(weight.getKey(), data);
            }
        }
        return values;
    }

    private Operand<TFloat32> convolutionStage(Ops tf, Operand<TFloat32> input, String name) {
        Operand<TFloat32> convolved = tf.nn.conv2d(input, weights.get(name + "_kernel"),
                List.of(1L, 1L, 1L, 1L), "SAME");
        Operand<TFloat32> activated = tf.nn.relu(tf.nn.biasAdd(convolved, weights.get(name + "_bias")));
        return tf.nn.maxPool(activated, tf.constant(new int[] {1, 2, 2, 1}),
                tf.constant(new int[] {1, 2, 2, 1}), "VALID");
    }

    /**
     * Inverted dropout with a fed seed, so runs are reproducible. The noise shape comes from the
     * input batch, not from {@code x}, to keep the random op off the gradient path.
     */
    private Operand<TFloat32> dropout(Ops tf, Operand<TFloat32> x) {
        Operand<TInt32> batch = tf.slice(tf.shape(images), tf.constant(new int[] {0}),
                tf.constant(new int[] {1}));
        Operand<TInt32> noiseShape = tf.concat(List.of(batch, tf.constant(new int[] {HIDDEN})),
                tf.constant(0));
        Operand<TFloat32> uniform = tf.random.statelessRandomUniform(noiseShape, dropoutSeed);
        Operand<TFloat32> keep = tf.math.floor(tf.math.add(uniform, keepProbability));
        return tf.math.div(tf.math.mul(x, keep), keepProbability);
    }

    private void addAdam(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> logitGradient) {
        List<Operand<?>> variables = new ArrayList<>(weights.values());
        var gradients = tf.gradients(List.of(logits), variables,
                Gradients.dx(List.of(logitGradient)));
        int i = 0;
        for (Map.Entry<String, Variable<TFloat32>> weight : weights.entrySet()) {
            Operand<TInt64> dims = tf.constant(WEIGHTS.get(weight.getKey()));
            Variable<TFloat32> firstMoment = tf.variable(tf.zeros(dims, TFloat32.class));
            Variable<TFloat32> secondMoment = tf.variable(tf.zeros(dims, TFloat32.class));
            trainSteps.add(tf.train.applyAdam(weight.getValue(), firstMoment, secondMoment,
                    beta1Power, beta2Power, learningRate, tf.constant(0.9f), tf.constant(0.999f),
                    tf.constant(1e-7f), gradients.<TFloat32>dy(i++)));
        }
    }

    private static Map<String, long[]> weightShapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("conv1_kernel", new long[] {3, 3, 1, 32});
        shapes.put("conv1_bias", new long[] {32});
        shapes.put("conv2_kernel", new long[] {3, 3, 32, 64});
        shapes.put("conv2_bias", new long[] {64});
        shapes.put("dense1_kernel", new long[] {FLAT, HIDDEN});
        shapes.put("dense1_bias", new long[] {HIDDEN});
        shapes.put("dense2_kernel", new long[] {HIDDEN, CLASSES});
        shapes.put("dense2_bias", new long[] {CLASSES});
        return java.util.Collections.unmodifiableMap(shapes);
    }
}
