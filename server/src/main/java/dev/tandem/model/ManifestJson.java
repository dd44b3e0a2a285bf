package dev.tandem.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads and writes model.json, naming the field of every problem it finds. */
final class ManifestJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestJson() {}

    static ModelManifest read(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidModelException("model.json", "model.json is not valid JSON: "
                    + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidModelException("model.json", "model.json must hold a JSON object");
        }
        JsonNode input = object(root, "input");
        JsonNode normalization = object(input, "input.normalization");
        JsonNode output = object(root, "output");
        JsonNode categories = object(root, "categories");
        ModelManifest.Format format = root.has("format")
                ? format(text(root, "format")) : ModelManifest.Format.TENSORFLOW_SAVED_MODEL;
        ModelManifest.Output probabilities = new ModelManifest.Output(text(output, "output.tensor"),
                integer(output, "output.size"), choice(output, "output.activation", ModelManifest.Activation.class));
        JsonNode mapping = categories.get("mapping");
        String namedMapping = null;
        ModelManifest.Reduction reduction;
        List<ModelManifest.Category> categoryList = new ArrayList<>();
        if (mapping != null && mapping.isTextual()) {
            namedMapping = mapping.asText();
            CategoryMappings.Named named = CategoryMappings.find(namedMapping).orElseThrow(() -> invalid(
                    "categories.mapping", "is '" + mapping.asText() + "'; named mappings: "
                            + String.join(", ", CategoryMappings.NAMES) + " (or list {\"name\", \"indices\"})"));
            if (probabilities.size() != named.outputs()) {
                throw invalid("output.size", "is " + probabilities.size() + ", but mapping " + named.name()
                        + " maps the " + named.outputs() + " outputs of an ImageNet-1k classifier");
            }
            categoryList.addAll(named.categories());
            reduction = categories.has("reduction")
                    ? choice(categories, "categories.reduction", ModelManifest.Reduction.class) : named.reduction();
        } else if (mapping != null && mapping.isArray()) {
            for (int i = 0; i < mapping.size(); i++) {
                String field = "categories.mapping[" + i + "]";
                JsonNode category = mapping.get(i);
                if (!category.isObject()) {
                    throw invalid(field, "must be an object with name and indices");
                }
                categoryList.add(new ModelManifest.Category(text(category, field + ".name"),
                        integers(category, field + ".indices")));
            }
            reduction = choice(categories, "categories.reduction", ModelManifest.Reduction.class);
        } else {
            throw invalid("categories.mapping", "must be a list of {\"name\", \"indices\"} or the name of a mapping ("
                    + String.join(", ", CategoryMappings.NAMES) + ")");
        }
        JsonNode outputs = root.get("outputs");
        String embedding = null;
        if (outputs != null && !outputs.isNull()) {
            if (!outputs.isObject()) {
                throw invalid("outputs", "must be an object such as {\"embedding\": \"tensor name\"}");
            }
            embedding = outputs.has("embedding") ? text(outputs, "outputs.embedding") : null;
        }
        JsonNode training = root.get("training");
        // TorchScript modules take their input by position, so its name is only a label there.
        String inputTensor = format == ModelManifest.Format.TORCHSCRIPT && !input.has("tensor")
                ? "input" : text(input, "input.tensor");
        return new ModelManifest(
                text(root, "name"),
                text(root, "version"),
                format,
                root.has("signature") ? text(root, "signature") : "serving_default",
                new ModelManifest.Input(inputTensor,
                        integer(input, "input.height"), integer(input, "input.width"),
                        integer(input, "input.channels"),
                        choice(input, "input.layout", ModelManifest.Layout.class),
                        choice(input, "input.resize", ModelManifest.Resize.class),
                        number(normalization, "input.normalization.divideBy"),
                        numbers(normalization, "input.normalization.mean"),
                        numbers(normalization, "input.normalization.std")),
                probabilities,
                embedding,
                reduction,
                namedMapping,
                categoryList,
                training == null || training.isNull() ? null : training(training));
    }

    private static ModelManifest.Format format(String value) {
        for (ModelManifest.Format format : ModelManifest.Format.values()) {
            if (format.jsonName().equals(value)) {
                return format;
            }
        }
        throw invalid("format", "is '" + value + "'; allowed: " + String.join(", ",
                java.util.Arrays.stream(ModelManifest.Format.values()).map(ModelManifest.Format::jsonName).toList()));
    }

    static String write(ModelManifest manifest) {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", manifest.name());
        root.put("version", manifest.version());
        root.put("format", manifest.format().jsonName());
        if (manifest.format() == ModelManifest.Format.TENSORFLOW_SAVED_MODEL) {
            root.put("signature", manifest.signature());
        }
        ModelManifest.Input in = manifest.input();
        ObjectNode input = root.putObject("input");
        input.put("tensor", in.tensor());
        input.put("height", in.height());
        input.put("width", in.width());
        input.put("channels", in.channels());
        input.put("layout", in.layout().name());
        input.put("resize", ModelManifest.lower(in.resize()));
        ObjectNode normalization = input.putObject("normalization");
        normalization.put("divideBy", in.divideBy());
        in.mean().forEach(normalization.putArray("mean")::add);
        in.std().forEach(normalization.putArray("std")::add);
        ObjectNode output = root.putObject("output");
        output.put("tensor", manifest.output().tensor());
        output.put("size", manifest.output().size());
        output.put("activation", ModelManifest.lower(manifest.output().activation()));
        if (manifest.embeddingTensor() != null) {
            root.putObject("outputs").put("embedding", manifest.embeddingTensor());
        }
        ObjectNode categories = root.putObject("categories");
        categories.put("reduction", ModelManifest.lower(manifest.reduction()));
        if (manifest.namedMapping() != null) {
            categories.put("mapping", manifest.namedMapping());
        } else {
            ArrayNode mapping = categories.putArray("mapping");
            for (ModelManifest.Category category : manifest.categories()) {
                ObjectNode entry = mapping.addObject();
                entry.put("name", category.name());
                category.indices().forEach(entry.putArray("indices")::add);
            }
        }
        ModelManifest.Training t = manifest.training();
        if (t != null) {
            ObjectNode training = root.putObject("training");
            training.put("dataset", t.dataset());
            training.put("trainer", t.trainer());
            training.put("seed", t.seed());
            training.put("epochs", t.epochs());
            training.put("batchSize", t.batchSize());
            training.put("seconds", t.seconds());
            training.put("testAccuracy", t.testAccuracy());
            training.put("testImages", t.testImages());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ModelManifest.Training training(JsonNode node) {
        return new ModelManifest.Training(node.path("dataset").asText(""), node.path("trainer").asText(""),
                node.path("seed").asLong(), node.path("epochs").asInt(), node.path("batchSize").asInt(),
                node.path("seconds").asLong(), node.path("testAccuracy").asDouble(),
                node.path("testImages").asInt());
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode node = parent.get(leaf(field));
        if (node == null || !node.isObject()) {
            throw invalid(field, "is missing or not an object");
        }
        return node;
    }

    private static String text(JsonNode parent, String field) {
        JsonNode node = parent.get(leaf(field));
        if (node == null || !node.isTextual()) {
            throw invalid(field, "is missing or not a string");
        }
        return node.asText();
    }

    private static int integer(JsonNode parent, String field) {
        JsonNode node = parent.get(leaf(field));
        if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
            throw invalid(field, "is missing or not an integer");
        }
        return node.asInt();
    }

    private static double number(JsonNode parent, String field) {
        JsonNode node = parent.get(leaf(field));
        if (node == null || !node.isNumber()) {
            throw invalid(field, "is missing or not a number");
        }
        return node.asDouble();
    }

    private static List<Double> numbers(JsonNode parent, String field) {
        JsonNode node = parent.get(leaf(field));
        if (node == null || !node.isArray()) {
            throw invalid(field, "is missing or not a list of numbers");
        }
        List<Double> values = new ArrayList<>();
        for (JsonNode value : node) {
            if (!value.isNumber()) {
                throw invalid(field, "must hold numbers only");
            }
            values.add(value.asDouble());
        }
        return values;
    }

    private static List<Integer> integers(JsonNode parent, String field) {
        JsonNode node = parent.get(leaf(field));
        if (node == null || !node.isArray()) {
            throw invalid(field, "is missing or not a list of output indices");
        }
        List<Integer> values = new ArrayList<>();
        for (JsonNode value : node) {
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw invalid(field, "must hold integers only");
            }
            values.add(value.asInt());
        }
        return values;
    }

    private static <E extends Enum<E>> E choice(JsonNode parent, String field, Class<E> type) {
        String value = text(parent, field);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(constant.name().toLowerCase(Locale.ROOT));
        }
        throw invalid(field, "is '" + value + "'; allowed: " + String.join(", ", allowed));
    }

    private static String leaf(String field) {
        return field.substring(field.lastIndexOf('.') + 1);
    }

    private static InvalidModelException invalid(String field, String message) {
        return new InvalidModelException(field, "model.json: " + field + " " + message);
    }
}
