package dev.tandem.model;

/**
 * The native side of the three engines Tandem runs models with, made ready before DJL loads a
 * model of a format. Nothing is downloaded at run time: TensorFlow's and PyTorch's libraries come
 * from Maven jars into a cache folder ({@link TensorFlowNatives}, {@link PyTorchNatives});
 * ONNX Runtime's come inside its own jar (com.microsoft.onnxruntime:onnxruntime), which extracts
 * them itself.
 */
public final class Engines {

    private final TensorFlowNatives tensorFlow;
    private final PyTorchNatives pyTorch;

    public Engines(TensorFlowNatives tensorFlow, PyTorchNatives pyTorch) {
        this.tensorFlow = tensorFlow;
        this.pyTorch = pyTorch;
    }

    /** Engines configured from this process's system properties and environment. */
    public static Engines fromEnvironment() {
        return new Engines(TensorFlowNatives.fromEnvironment(), PyTorchNatives.fromEnvironment());
    }

    public TensorFlowNatives tensorFlow() {
        return tensorFlow;
    }

    /** Makes the engine of {@code format} loadable (installing its natives on first use). */
    void prepare(ModelManifest.Format format) {
        System.setProperty("ai.djl.offline", "true");
        switch (format) {
            case TENSORFLOW_SAVED_MODEL -> tensorFlow.load();
            case TORCHSCRIPT -> pyTorch.install();
            // ONNX Runtime computes nothing outside its session for Tandem; without this DJL would
            // load a second engine (PyTorch) as its "alternative" for NDArray operations.
            case ONNX -> System.setProperty("ai.djl.onnx.disable_alternative", "true");
        }
    }
}
