package dev.tandem.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Set;

/** An ONNX model run by ONNX Runtime's own Java API, without DJL: the benchmark's bare engine. */
final class BareOnnx implements ScoringBenchmark.BareEngine {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String input;
    private final String output;
    private final Preprocessor preprocessor;

    private BareOnnx(OrtEnvironment environment, OrtSession session, String input, String output, Preprocessor preprocessor) {
        this.environment = environment;
        this.session = session;
        this.input = input;
        this.output = output;
        this.preprocessor = preprocessor;
    }

    static BareOnnx open(ModelFolder folder, Preprocessor preprocessor) {
        try {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession session = environment.createSession(folder.modelFile().toString(), new OrtSession.SessionOptions());
            return new BareOnnx(environment, session, folder.manifest().input().tensor(),
                    folder.manifest().output().tensor(), preprocessor);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load " + folder.modelFile() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public float[] run(float[] values) {
        int images = values.length / preprocessor.valuesPerImage();
        try (OnnxTensor batch = OnnxTensor.createTensor(environment, FloatBuffer.wrap(values), preprocessor.shape(images));
             OrtSession.Result result = session.run(Map.of(input, batch), Set.of(output))) {
            FloatBuffer probabilities = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] copy = new float[probabilities.remaining()];
            probabilities.get(copy);
            return copy;
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
