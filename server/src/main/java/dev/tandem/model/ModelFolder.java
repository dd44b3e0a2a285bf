package dev.tandem.model;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tensorflow.proto.framework.DataType;
import org.tensorflow.proto.framework.MetaGraphDef;
import org.tensorflow.proto.framework.SavedModel;
import org.tensorflow.proto.framework.SignatureDef;
import org.tensorflow.proto.framework.TensorInfo;
import org.tensorflow.proto.framework.TensorShapeProto;

/**
 * A model folder: {@code model.json} and the model in its {@code format} beside it (a TensorFlow
 * SavedModel, {@code model.onnx} or {@code model.pt}). {@link #read} checks the manifest against
 * the model's declared inputs and outputs without loading an engine (the SavedModel's signature,
 * the ONNX graph; a TorchScript archive declares none, so only its form is checked there);
 * {@link #verify} then loads it with DJL and runs one image through it, checking every declared
 * output. Either refuses a broken folder with an {@link InvalidModelException} naming the problem.
 */
public final class ModelFolder {

    public static final String MANIFEST = "model.json";
    static final String SAVED_MODEL = "saved_model.pb";
    static final String SERVE_TAG = "serve";

    private final Path path;
    private final ModelManifest manifest;
    private final String contentHash;
    private final OnnxGraph onnxGraph;

    private ModelFolder(Path path, ModelManifest manifest, String contentHash, OnnxGraph onnxGraph) {
        this.path = path;
        this.manifest = manifest;
        this.contentHash = contentHash;
        this.onnxGraph = onnxGraph;
    }

    /** Reads and checks a folder; nothing is loaded into TensorFlow yet. */
    public static ModelFolder read(Path folder) {
        Path path = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) {
            throw new InvalidModelException("folder", path + " is not a folder");
        }
        Path manifestFile = path.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new InvalidModelException(MANIFEST, path + " has no " + MANIFEST);
        }
        ModelManifest manifest;
        try {
            manifest = ManifestJson.read(Files.readString(manifestFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InvalidModelException(MANIFEST, "cannot read " + manifestFile + ": " + e.getMessage(), e);
        }
        OnnxGraph graph = null;
        switch (manifest.format()) {
            case TENSORFLOW_SAVED_MODEL -> checkSignature(path, manifest);
            case ONNX -> graph = checkOnnx(path, manifest);
            case TORCHSCRIPT -> checkTorchScript(path);
        }
        return new ModelFolder(path, manifest, contentHash(path), graph);
    }

    /**
     * Loads the model with DJL and classifies one blank image, so a folder whose graph cannot run
     * or whose output size differs from model.json is refused before it is registered.
     */
    public ModelFolder verify(Engines engines) {
        try (Classifier classifier = Classifier.open(this, engines)) {
            classifier.checkRuns();
        }
        return this;
    }

    public Path path() {
        return path;
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** The names of an ONNX model's outputs in the order ONNX Runtime returns them; empty for the other formats. */
    List<String> outputNames() {
        return onnxGraph == null ? List.of() : onnxGraph.outputNames();
    }

    /** The model's file (for a SavedModel, its saved_model.pb). */
    Path modelFile() {
        return path.resolve(manifest.format().modelFile());
    }

    /**
     * SHA-256 over every file of the folder in sorted relative-path order (each file contributes
     * its path, its size and its bytes), so any change to weights, graph or manifest changes it.
     */
    public String contentHash() {
        return contentHash;
    }

    private static void checkSignature(Path folder, ModelManifest manifest) {
        Path file = folder.resolve(SAVED_MODEL);
        if (!Files.isRegularFile(file)) {
            throw new InvalidModelException(SAVED_MODEL, folder + " has no " + SAVED_MODEL
                    + " (a TensorFlow SavedModel in binary form)");
        }
        SavedModel savedModel;
        try (InputStream in = Files.newInputStream(file)) {
            savedModel = SavedModel.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidModelException(SAVED_MODEL, file + " is not a TensorFlow SavedModel: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MetaGraphDef serving = savedModel.getMetaGraphsList().stream()
                .filter(graph -> graph.getMetaInfoDef().getTagsList().contains(SERVE_TAG))
                .findFirst()
                .orElseThrow(() -> new InvalidModelException(SAVED_MODEL, SAVED_MODEL
                        + " has no meta graph tagged '" + SERVE_TAG + "'"));
        Map<String, SignatureDef> signatures = serving.getSignatureDefMap();
        SignatureDef signature = signatures.get(manifest.signature());
        if (signature == null) {
            throw new InvalidModelException("signature", "SavedModel has no signature '"
                    + manifest.signature() + "'; it has " + signatures.keySet());
        }
        if (signature.getInputsCount() != 1) {
            throw new InvalidModelException("input.tensor", "signature '" + manifest.signature()
                    + "' takes " + signature.getInputsMap().keySet() + "; Tandem needs exactly one image input");
        }
        ModelManifest.Input input = manifest.input();
        TensorInfo in = tensor(signature.getInputsMap(), input.tensor(), "input.tensor", manifest);
        long[] expected = input.layout() == ModelManifest.Layout.NHWC
                ? new long[] {-1, input.height(), input.width(), input.channels()}
                : new long[] {-1, input.channels(), input.height(), input.width()};
        checkShape(in, expected, "input", "input " + input.layout() + " "
                + input.height() + "x" + input.width() + "x" + input.channels());
        ModelManifest.Output output = manifest.output();
        TensorInfo out = tensor(signature.getOutputsMap(), output.tensor(), "output.tensor", manifest);
        checkShape(out, new long[] {-1, output.size()}, "output", "output size " + output.size());
        if (manifest.embeddingTensor() != null) {
            tensor(signature.getOutputsMap(), manifest.embeddingTensor(), "outputs.embedding", manifest);
        }
    }

    private static OnnxGraph checkOnnx(Path folder, ModelManifest manifest) {
        Path file = folder.resolve(ModelManifest.Format.ONNX.modelFile());
        if (!Files.isRegularFile(file)) {
            throw new InvalidModelException(file.getFileName().toString(), folder + " has no model.onnx (model.json"
                    + " says \"format\": \"onnx\")");
        }
        OnnxGraph graph = OnnxGraph.read(file);
        ModelManifest.Input input = manifest.input();
        if (graph.inputs().size() != 1) {
            throw new InvalidModelException("input.tensor", "the ONNX graph takes "
                    + graph.inputs().stream().map(OnnxGraph.Tensor::name).toList() + "; Tandem needs exactly one image input");
        }
        OnnxGraph.Tensor in = graph.inputs().get(0);
        if (!in.name().equals(input.tensor())) {
            throw new InvalidModelException("input.tensor", "the ONNX graph has no input '" + input.tensor()
                    + "'; its input is '" + in.name() + "'");
        }
        long[] expected = input.layout() == ModelManifest.Layout.NHWC
                ? new long[] {-1, input.height(), input.width(), input.channels()}
                : new long[] {-1, input.channels(), input.height(), input.width()};
        checkOnnxTensor(in, expected, "input.tensor", "input " + input.layout() + " " + input.height() + "x"
                + input.width() + "x" + input.channels());
        OnnxGraph.Tensor out = graph.output(manifest.output().tensor());
        if (out == null) {
            throw new InvalidModelException("output.tensor", "the ONNX graph has no output '" + manifest.output().tensor()
                    + "'; it has " + graph.outputNames());
        }
        checkOnnxTensor(out, new long[] {-1, manifest.output().size()}, "output.tensor",
                "output size " + manifest.output().size());
        if (manifest.embeddingTensor() != null) {
            OnnxGraph.Tensor embedding = graph.output(manifest.embeddingTensor());
            if (embedding == null) {
                throw new InvalidModelException("outputs.embedding", "the ONNX graph has no output '"
                        + manifest.embeddingTensor() + "'; it has " + graph.outputNames());
            }
            checkOnnxTensor(embedding, null, "outputs.embedding", "an embedding");
        }
        return graph;
    }

    /** Float32, and every known dimension as expected (null: any shape); -1 in either accepts anything. */
    private static void checkOnnxTensor(OnnxGraph.Tensor tensor, long[] expected, String field, String declared) {
        if (tensor.elementType() != OnnxGraph.FLOAT) {
            throw new InvalidModelException(field, "ONNX tensor '" + tensor.name() + "' has element type "
                    + tensor.elementType() + "; Tandem feeds and reads float32 (ONNX type 1)");
        }
        long[] dims = tensor.dimensions();
        if (expected == null || dims == null) {
            return;
        }
        boolean agrees = dims.length == expected.length;
        for (int i = 1; agrees && i < expected.length; i++) {
            agrees = dims[i] == -1 || dims[i] == expected[i];
        }
        if (!agrees) {
            throw new InvalidModelException(field, "model.json declares " + declared + ", but the ONNX tensor '"
                    + tensor.name() + "' has shape " + tensor.shape());
        }
    }

    /** torch.jit.save writes a zip archive holding the pickled module (data.pkl) and its code. */
    private static void checkTorchScript(Path folder) {
        Path file = folder.resolve(ModelManifest.Format.TORCHSCRIPT.modelFile());
        if (!Files.isRegularFile(file)) {
            throw new InvalidModelException("model.pt", folder + " has no model.pt (model.json says"
                    + " \"format\": \"torchscript\")");
        }
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            boolean module = zip.stream().anyMatch(entry -> entry.getName().endsWith("/data.pkl"));
            if (!module) {
                throw new InvalidModelException("model.pt", file + " is a zip without a pickled module (data.pkl);"
                        + " save the model with torch.jit.save (TorchScript), not torch.save");
            }
        } catch (IOException e) {
            throw new InvalidModelException("model.pt", file + " is not a TorchScript archive (torch.jit.save writes"
                    + " a zip): " + e.getMessage(), e);
        }
    }

    private static TensorInfo tensor(Map<String, TensorInfo> tensors, String name, String field,
                                     ModelManifest manifest) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new InvalidModelException(field, "signature '" + manifest.signature() + "' has no "
                    + (field.startsWith("input") ? "input" : "output") + " '" + name + "'; it has " + tensors.keySet());
        }
        if (info.getDtype() != DataType.DT_FLOAT) {
            throw new InvalidModelException(field, "tensor '" + name + "' is " + info.getDtype()
                    + "; Tandem feeds and reads float32 (DT_FLOAT)");
        }
        return info;
    }

    /** Every known dimension must match; -1 (unknown) in the model accepts anything. */
    private static void checkShape(TensorInfo info, long[] expected, String field, String declared) {
        TensorShapeProto shape = info.getTensorShape();
        if (shape.getUnknownRank()) {
            return;
        }
        List<TensorShapeProto.Dim> dims = shape.getDimList();
        boolean agrees = dims.size() == expected.length;
        for (int i = 1; agrees && i < expected.length; i++) {
            long size = dims.get(i).getSize();
            agrees = size == -1 || size == expected[i];
        }
        if (!agrees) {
            throw new InvalidModelException(field + ".tensor", "model.json declares " + declared
                    + ", but the SavedModel's tensor '" + info.getName() + "' has shape "
                    + dims.stream().map(d -> Long.toString(d.getSize())).toList());
        }
    }

    static String contentHash(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            List<Path> files = walk.filter(p -> !Files.isDirectory(p)).sorted().toList();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (Path file : files) {
                if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new InvalidModelException("folder", folder.relativize(file)
                            + " is not a regular file; model folders hold plain files only");
                }
                String relative = folder.relativize(file).toString().replace('\\', '/');
                digest.update((relative + '\0' + Files.size(file) + '\0').getBytes(StandardCharsets.UTF_8));
                try (InputStream in = Files.newInputStream(file)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        digest.update(buffer, 0, n);
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model folder " + folder, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
