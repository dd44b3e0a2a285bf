package dev.tandem.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model run by ONNX Runtime's own Java API, without DJL: the benchmark's bare engine. It
 * reads what Tandem reads, the probability tensor and the declared embedding tensor.
 */
final class BareOnnx implements ScoringBenchmark.BareEngine {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String input;
    private final String output;
    private final Set<String> outputs;
    private final Preprocessor preprocessor;

    private BareOnnx(OrtEnvironment environment, OrtSession session, String input, String output, Set<String> outputs,
                     Preprocessor preprocessor) {
        this.environment = environment;
        this.session = session;
        this.input = input;
        this.output = output;
        this.outputs = outputs;
        this.preprocessor = preprocessor;
    }

    static BareOnnx open(ModelFolder folder, Preprocessor preprocessor) {
        try {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession session = environment.createSession(folder.modelFile().toString(), new OrtSession.SessionOptions());
            ModelManifest manifest = folder.manifest();
            Set<String> outputs = manifest.embeddingTensor() == null ? Set.of(manifest.output().tensor())
                    : Set.of(manifest.output().tensor(), manifest.embeddingTensor());
            return new BareOnnx(environment, session, manifest.input().tensor(), manifest.output().tensor(), outputs,
                    preprocessor);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load " + folder.modelFile() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public float[] run(float[] values) {
        int images = values.length / preprocessor.valuesPerImage();
        try (OnnxTensor batch = OnnxTensor.createTensor(environment, FloatBuffer.wrap(values), preprocessor.shape(images));
             OrtSession.Result result = session.run(Map.of(input, batch), outputs)) {
            float[] probabilities = null;
            for (Map.Entry<String, ai.onnxruntime.OnnxValue> value : result) {
                FloatBuffer buffer = ((OnnxTensor) value.getValue()).getFloatBuffer();
                float[] copy = new float[buffer.remaining()];
                buffer.get(copy);
                probabilities = value.getKey().equals(output) ? copy : probabilities;
            }
            return probabilities;
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
