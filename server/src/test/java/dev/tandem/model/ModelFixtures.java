package dev.tandem.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RepositoryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The committed model fixtures of {@code server/src/test/resources/model-fixtures/} (made by its
 * make_models.py with Debian's PyTorch) and the outputs PyTorch computed for their PNGs.
 */
public final class ModelFixtures {

    public static final Path ROOT = RepositoryFiles.root().resolve("server/src/test/resources/model-fixtures");
    public static final Path ONNX = ROOT.resolve("tiny-onnx");
    public static final Path TORCHSCRIPT = ROOT.resolve("tiny-torchscript");
    public static final Path STIMULUS_SET = ROOT.resolve("stimulus-set");
    public static final List<String> CATEGORIES = List.of("circle", "cross", "stripes", "dots");

    /** What PyTorch computed for one PNG: softmax probabilities in output order, and the embedding. */
    record Reference(String png, double[] probabilities, double[] embedding) {}

    private ModelFixtures() {}

    /** Every PNG's reference for the model folder's name ("tiny-onnx", "tiny-torchscript"). */
    static List<Reference> references(String model) {
        try {
            JsonNode rows = new ObjectMapper().readTree(ROOT.resolve("reference.json").toFile()).path("models").path(model);
            List<Reference> references = new ArrayList<>();
            for (Iterator<String> names = rows.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                references.add(new Reference(name, doubles(rows.get(name).get("probabilities")),
                        doubles(rows.get(name).get("embedding"))));
            }
            if (references.isEmpty()) {
                throw new IllegalStateException("reference.json has no outputs for " + model);
            }
            return references;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] png(String name) {
        try {
            return Files.readAllBytes(ROOT.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }
}
