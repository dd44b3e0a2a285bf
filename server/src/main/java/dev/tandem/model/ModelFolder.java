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
 * A model folder: a TensorFlow SavedModel and its {@code model.json}. {@link #read} checks the
 * manifest against the SavedModel's signature without loading TensorFlow; {@link #verify} then
 * loads it with DJL and runs one image through it. Either refuses a broken folder with an
 * {@link InvalidModelException} naming the problem.
 */
public final class ModelFolder {

    public static final String MANIFEST = "model.json";
    static final String SAVED_MODEL = "saved_model.pb";
    static final String SERVE_TAG = "serve";

    private final Path path;
    private final ModelManifest manifest;
    private final String contentHash;

    private ModelFolder(Path path, ModelManifest manifest, String contentHash) {
        this.path = path;
        this.manifest = manifest;
        this.contentHash = contentHash;
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
        checkSignature(path, manifest);
        return new ModelFolder(path, manifest, contentHash(path));
    }

    /**
     * Loads the model with DJL and classifies one blank image, so a folder whose graph cannot run
     * or whose output size differs from model.json is refused before it is registered.
     */
    public ModelFolder verify(TensorFlowNatives natives) {
        try (Classifier classifier = Classifier.open(this, natives)) {
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
    }

    private static TensorInfo tensor(Map<String, TensorInfo> tensors, String name, String field,
                                     ModelManifest manifest) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new InvalidModelException(field, "signature '" + manifest.signature() + "' has no "
                    + field.substring(0, field.indexOf('.')) + " '" + name + "'; it has " + tensors.keySet());
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
