package dev.tandem.experiment;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.common.InvalidInputException;
import dev.tandem.stimulus.ManipulationKind;
import dev.tandem.triplet.TripletDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks an experiment definition in two passes: its form against the JSON Schema, then the
 * rules a schema cannot state (categories of the stimulus set, enough images, unique keys).
 * Every error names the path of the bad field, e.g. {@code conditions.durationsMs[2]}. Loading
 * stops at the first error; the console's editor asks for all of them ({@link DefinitionCheck}).
 */
public final class ExperimentValidator {

    private final JsonSchema schema;
    private final JsonNode schemaDocument;
    private final ObjectMapper json;

    public ExperimentValidator(ObjectMapper json) {
        this.json = json;
        this.schemaDocument = schemaDocument(json);
        this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaDocument);
    }

    /**
     * The experiment JSON Schema with its manipulation items filled from {@link ManipulationKind},
     * the one definition of names, level meanings and bounds (issue 10).
     */
    public static JsonNode schemaDocument(ObjectMapper json) {
        try (InputStream in = ExperimentValidator.class.getResourceAsStream("/schema/experiment.schema.json")) {
            ObjectNode document = (ObjectNode) json.readTree(in);
            ((ObjectNode) document.at("/properties/conditions/properties/manipulations"))
                    .set("items", ManipulationKind.schemaItem());
            ((ObjectNode) document.get("properties")).set("triplet", TripletDefinition.schemaSection(json));
            return document;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema as the validator uses it. */
    public JsonNode schema() {
        return schemaDocument;
    }

    /** The facts about a stimulus set that a definition is checked against. */
    public record SetFacts(List<String> categories, int imageCount, List<TripletDefinition.SetImage> images) {

        /** The facts of a stored set's images. */
        public static SetFacts of(List<String> categories, List<dev.tandem.stimulus.SetImage> images) {
            return new SetFacts(categories, images.size(),
                    images.stream().map(i -> new TripletDefinition.SetImage(i.file(), i.category())).toList());
        }

        /** The facts without the images' names (enough for masked and ClickMe rules). */
        public SetFacts(List<String> categories, int imageCount) {
            this(categories, imageCount, List.of());
        }
    }

    /** Checks the form only; returns the definition with defaults applied. */
    public ExperimentDefinition parse(JsonNode document) {
        List<FieldError> errors = formErrors(document);
        if (!errors.isEmpty()) {
            throw errors.get(0).toException();
        }
        try {
            return json.treeToValue(document, ExperimentDefinition.class);
        } catch (JsonMappingException e) {
            // The schema checked the form already; name the field, not the Java type (issue 12).
            String field = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce("", (a, b) -> a.isEmpty() || b.startsWith("[") ? a + b : a + "." + b);
            throw new InvalidInputException(field, (field.isEmpty() ? "the definition" : field)
                    + " does not have the expected form");
        } catch (IOException e) {
            throw new InvalidInputException("", "the definition could not be read");
        }
    }

    /** The error of a definition naming a stimulus set that was never imported. */
    public static FieldError unknownStimulusSet(String name) {
        return new FieldError("stimulusSet", "no stimulus set named \"" + name + "\" has been imported");
    }

    /** Every error in the form of a document (against the JSON Schema), ordered by field path. */
    public List<FieldError> formErrors(JsonNode document) {
        return schema.validate(document).stream()
                .sorted(Comparator.comparing(m -> m.getInstanceLocation().toString()))
                .map(m -> new FieldError(fieldOf(m), messageOf(m)))
                .distinct()
                .toList();
    }

    /** Checks the rules that depend on the stimulus set; throws the first broken one. */
    public void checkAgainst(ExperimentDefinition definition, SetFacts set) {
        List<FieldError> errors = ruleErrors(definition, set);
        if (!errors.isEmpty()) {
            throw errors.get(0).toException();
        }
    }

    /** Every broken rule that depends on the stimulus set, for a definition whose form is valid. */
    public List<FieldError> ruleErrors(ExperimentDefinition definition, SetFacts set) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < definition.categories().size(); i++) {
            var category = definition.categories().get(i);
            if (!set.categories().contains(category.name())) {
                errors.add(new FieldError("categories[" + i + "].name",
                        "\"" + category.name() + "\" is not a category of stimulus set " + definition.stimulusSet()
                                + " (" + String.join(", ", set.categories()) + ")"));
            }
            if (!names.add(category.name())) {
                errors.add(new FieldError("categories[" + i + "].name", "\"" + category.name() + "\" is listed twice"));
            }
            if (category.key() != null && !keys.add(category.key())) {
                errors.add(new FieldError("categories[" + i + "].key", "key \"" + category.key() + "\" answers two categories"));
            }
        }
        checkDisplay(definition, errors);
        dev.tandem.kind.TrialKinds.all().checkRules(definition, set, errors);
        return errors;
    }

    /** The level against {@link ManipulationKind}, which the schema and the renderer read too. */
    public static void checkLevel(ExperimentDefinition.Manipulation manipulation, String field, List<FieldError> errors) {
        var kind = ManipulationKind.named(manipulation.name());
        if (kind.isEmpty()) {
            errors.add(new FieldError(field.replaceFirst("level$", "name"), "unknown manipulation "
                    + manipulation.name() + "; known: " + ManipulationKind.names()));
            return;
        }
        String problem = kind.get().checkLevel(manipulation.level());
        if (problem != null) {
            errors.add(new FieldError(field, problem));
        }
    }

    /** The render size fits the display box; ClickMe reveals are in display pixels (issue 10). */
    private static void checkDisplay(ExperimentDefinition definition, List<FieldError> errors) {
        var display = definition.display();
        if (display.renderSize() == null) {
            return;
        }
        if (display.renderSize() > display.size()) {
            errors.add(new FieldError("display.renderSize", "render size " + display.renderSize()
                    + " is larger than the display (" + display.size() + " px): the browser only enlarges"));
        } else if (definition.clickme() != null && !display.renderSize().equals(display.size())) {
            errors.add(new FieldError("display.renderSize", "an experiment with ClickMe rounds renders at the "
                    + "display size (reveals are in display pixels); leave renderSize out or make it " + display.size()));
        }
    }

    private static String fieldOf(ValidationMessage message) {
        String path = message.getInstanceLocation().toString().replaceFirst("^\\$\\.?", "");
        if (("required".equals(message.getType()) || "additionalProperties".equals(message.getType()))
                && message.getProperty() != null) {
            path = path.isEmpty() ? message.getProperty() : path + "." + message.getProperty();
        }
        return path;
    }

    /**
     * The schema's complaint in words, without regular expressions or JSON paths (issue 14); the
     * field itself travels beside the message.
     */
    private static String messageOf(ValidationMessage message) {
        String field = fieldOf(message);
        String raw = message.getMessage().replaceFirst("^\\$[^:]*: ", "");
        Object[] arguments = message.getArguments() == null ? new Object[0] : message.getArguments();
        return switch (String.valueOf(message.getType())) {
            case "pattern" -> patternInWords(field);
            case "required" -> "is required";
            case "additionalProperties" -> "is not a setting this section knows (check its spelling)";
            case "enum" -> arguments.length > 0 ? "must be one of " + String.valueOf(arguments[0]).replace("[", "").replace("\"", "")
                    .replace("]", "") : raw;
            case "type" -> arguments.length > 1 ? "must be " + article(String.valueOf(arguments[1])) + ", not "
                    + article(String.valueOf(arguments[0])) : raw;
            default -> raw;
        };
    }

    private static String patternInWords(String field) {
        String name = field.substring(field.lastIndexOf('.') + 1);
        if (name.equals("slug")) {
            return "must be 2 to 63 lower-case letters, digits and hyphens, starting with a letter or digit";
        }
        if (name.endsWith("Url")) {
            return "must be an https:// address";
        }
        if (name.endsWith("ode")) {
            return "may hold only letters, digits, _ and - (1 to 64 of them)";
        }
        return "is not written in the form this field takes";
    }

    private static String article(String type) {
        return switch (type) {
            case "integer" -> "a whole number";
            case "number" -> "a number";
            case "string" -> "text";
            case "boolean" -> "true or false";
            case "object" -> "an object";
            case "array" -> "a list";
            case "null" -> "empty";
            default -> type;
        };
    }
}
