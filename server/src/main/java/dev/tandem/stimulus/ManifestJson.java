package dev.tandem.stimulus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.common.StorableText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and writes {@link StimulusManifest}s; every error names the file and the field's path. */
final class ManifestJson {

    static final int MAX_IMAGES = 100_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Set<String> TOP_FIELDS = Set.of("name", "version", "source", "licence", "categories",
            "display", "images");

    private final String file;

    ManifestJson(String file) {
        this.file = file;
    }

    StimulusManifest parse(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw StimulusSetException.invalid(file, null, "is not valid JSON"
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw StimulusSetException.invalid(file, null, "cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw fail(null, "must be a JSON object");
        }
        rejectUnknown(root, "", TOP_FIELDS);
        String name = text(root, "name", true);
        if (!NAME.matcher(name).matches()) {
            throw fail("name", "\"" + name + "\" must be lower-case letters, digits and dashes (at most 63)");
        }
        String version = text(root, "version", true);
        if (!VERSION.matcher(version).matches()) {
            throw fail("version", "\"" + version + "\" must be letters, digits, dots, dashes or underscores (at most 63)");
        }
        JsonNode sourceNode = object(root, "source", "source");
        rejectUnknown(sourceNode, "source.", Set.of("description", "citation", "url"));
        var source = new StimulusManifest.Source(text(sourceNode, "description", "source.description", true),
                text(sourceNode, "citation", "source.citation", false), text(sourceNode, "url", "source.url", false));
        String licence = text(root, "licence", true);
        List<String> categories = categories(root);
        JsonNode displayNode = object(root, "display", "display");
        rejectUnknown(displayNode, "display.", Set.of("size", "upscale"));
        JsonNode size = displayNode.get("size");
        if (size == null || !size.canConvertToInt() || !size.isIntegralNumber() || size.intValue() < 1
                || size.intValue() > ImageDecoder.MAX_SIDE) {
            throw fail("display.size", "must be a whole number of pixels from 1 to " + ImageDecoder.MAX_SIDE);
        }
        String upscaleName = text(displayNode, "upscale", "display.upscale", true);
        Upscale upscale = Upscale.fromJsonName(upscaleName).orElseThrow(() -> fail("display.upscale",
                "\"" + upscaleName + "\" is not one of nearest, bilinear"));
        var display = new StimulusManifest.Display(size.intValue(), upscale);
        return new StimulusManifest(name, version, source, licence, categories, display, images(root, categories));
    }

    private List<String> categories(JsonNode root) {
        JsonNode node = root.get("categories");
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw fail("categories", "must be a non-empty array of category names");
        }
        List<String> categories = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode category = node.get(i);
            String field = "categories[" + i + "]";
            if (!category.isTextual() || category.asText().isBlank()) {
                throw fail(field, "must be a non-empty string");
            }
            storable(category.asText(), field);
            if (categories.contains(category.asText())) {
                throw fail(field, "\"" + category.asText() + "\" appears twice");
            }
            categories.add(category.asText());
        }
        return categories;
    }

    private List<StimulusManifest.Image> images(JsonNode root, List<String> categories) {
        JsonNode node = root.get("images");
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw fail("images", "must be a non-empty array");
        }
        if (node.size() > MAX_IMAGES) {
            throw fail("images", "has " + node.size() + " entries; the limit is " + MAX_IMAGES);
        }
        Set<String> files = new HashSet<>();
        List<StimulusManifest.Image> images = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String prefix = "images[" + i + "]";
            JsonNode image = node.get(i);
            if (!image.isObject()) {
                throw fail(prefix, "must be an object with file, category and sourceIndex");
            }
            rejectUnknown(image, prefix + ".", Set.of("file", "category", "sourceIndex"));
            String imageFile = text(image, "file", prefix + ".file", true);
            checkRelativePath(imageFile, prefix + ".file");
            if (!files.add(imageFile)) {
                throw fail(prefix + ".file", "\"" + imageFile + "\" is listed twice");
            }
            String category = text(image, "category", prefix + ".category", true);
            if (!categories.contains(category)) {
                throw fail(prefix + ".category", "\"" + category + "\" is not one of categories");
            }
            JsonNode sourceIndex = image.get("sourceIndex");
            Integer index = null;
            if (sourceIndex != null && !sourceIndex.isNull()) {
                if (!sourceIndex.isIntegralNumber() || !sourceIndex.canConvertToInt() || sourceIndex.intValue() < 0) {
                    throw fail(prefix + ".sourceIndex", "must be a whole number ≥ 0");
                }
                index = sourceIndex.intValue();
            }
            images.add(new StimulusManifest.Image(imageFile, category, index));
        }
        return images;
    }

    /** Files must stay inside the set folder: relative, forward slashes, no "." or ".." parts. */
    private void checkRelativePath(String path, String field) {
        boolean bad = path.startsWith("/") || path.contains("\\") || path.contains(":") || path.length() > 255;
        for (String part : path.split("/", -1)) {
            bad |= part.isEmpty() || part.equals(".") || part.equals("..");
        }
        if (bad || !Path.of(path).normalize().toString().equals(path)) {
            throw fail(field, "\"" + path + "\" must be a relative path inside the set folder, like images/a.png");
        }
    }

    private void rejectUnknown(JsonNode object, String prefix, Set<String> known) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw fail(prefix + name, "is not a known field");
            }
        }
    }

    private JsonNode object(JsonNode parent, String name, String field) {
        JsonNode node = parent.get(name);
        if (node == null || !node.isObject()) {
            throw fail(field, "must be an object");
        }
        return node;
    }

    private String text(JsonNode parent, String name, boolean required) {
        return text(parent, name, name, required);
    }

    private String text(JsonNode parent, String name, String field, boolean required) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                throw fail(field, "is required");
            }
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw fail(field, "must be a non-empty string");
        }
        return storable(node.asText(), field);
    }

    /** Text PostgreSQL can store (issue 12): no NUL, no lone surrogate. */
    private String storable(String text, String field) {
        StorableText.problem(text).ifPresent(why -> {
            throw fail(field, why);
        });
        return text;
    }

    private StimulusSetException fail(String field, String message) {
        return StimulusSetException.invalid(file, field, field == null ? message : field + " " + message);
    }

    static byte[] write(StimulusManifest manifest, boolean pretty) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", manifest.name());
        root.put("version", manifest.version());
        ObjectNode source = root.putObject("source");
        source.put("description", manifest.source().description());
        if (manifest.source().citation() != null) {
            source.put("citation", manifest.source().citation());
        }
        if (manifest.source().url() != null) {
            source.put("url", manifest.source().url());
        }
        root.put("licence", manifest.licence());
        ArrayNode categories = root.putArray("categories");
        manifest.categories().forEach(categories::add);
        ObjectNode display = root.putObject("display");
        display.put("size", manifest.display().size());
        display.put("upscale", manifest.display().upscale().jsonName());
        ArrayNode images = root.putArray("images");
        for (StimulusManifest.Image image : manifest.images()) {
            ObjectNode entry = images.addObject();
            entry.put("file", image.file());
            entry.put("category", image.category());
            if (image.sourceIndex() != null) {
                entry.put("sourceIndex", image.sourceIndex());
            }
        }
        try {
            if (!pretty) {
                return MAPPER.writeValueAsBytes(root);
            }
            var indenter = new DefaultIndenter("  ", "\n");
            var separators = Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER);
            var printer = new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
            String text = MAPPER.writer(printer).writeValueAsString(root) + "\n";
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a manifest always serializes", e);
        }
    }
}
