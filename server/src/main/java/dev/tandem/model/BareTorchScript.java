package dev.tandem.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;

/**
 * A TorchScript module called directly (libtorch's forward through DJL's JNI bridge, no
 * predictor, no translator): the benchmark's bare engine. It copies out every tensor the module
 * returns (the probabilities and, where declared, the embedding), as Tandem reads both.
 */
final class BareTorchScript implements ScoringBenchmark.BareEngine {

    private final NDManager manager;
    private final PtSymbolBlock module;
    private final String output;
    private final Preprocessor preprocessor;

    private BareTorchScript(NDManager manager, PtSymbolBlock module, String output, Preprocessor preprocessor) {
        this.manager = manager;
        this.module = module;
        this.output = output;
        this.preprocessor = preprocessor;
    }

    static BareTorchScript open(ModelFolder folder, Preprocessor preprocessor) {
        NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
        PtSymbolBlock module = JniUtils.loadModule((PtNDManager) manager, folder.modelFile(), false, new String[0],
                new String[0], false);
        return new BareTorchScript(manager, module, folder.manifest().output().tensor(), preprocessor);
    }

    @Override
    public float[] run(float[] values) {
        int images = values.length / preprocessor.valuesPerImage();
        try (NDManager batchManager = manager.newSubManager()) {
            NDArray batch = batchManager.create(values, new Shape(preprocessor.shape(images)));
            NDList outputs = IValueUtils.forward(module, new NDList(batch), false);
            float[] probabilities = null;
            for (NDArray tensor : outputs) {
                float[] copy = tensor.toFloatArray();
                probabilities = probabilities == null || output.equals(tensor.getName()) ? copy : probabilities;
            }
            return probabilities;
        }
    }

    @Override
    public void close() {
        module.close();
        manager.close();
    }
}
