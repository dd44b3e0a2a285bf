package dev.tandem.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.tandem.common.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks an experiment definition in two passes: its form against the JSON Schema, then the
 * rules a schema cannot state (categories of the stimulus set, enough images, unique keys).
 * Every error names the path of the bad field, e.g. {@code conditions.durationsMs[2]}.
 */
public final class ExperimentValidator {

    private final JsonSchema schema;
    private final ObjectMapper json;

    public ExperimentValidator(ObjectMapper json) {
        this.json = json;
        try (InputStream in = ExperimentValidator.class.getResourceAsStream("/schema/experiment.schema.json")) {
            this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The facts about a stimulus set that a definition is checked against. */
    public record SetFacts(List<String> categories, int imageCount) {}

    /** Checks the form only; returns the definition with defaults applied. */
    public ExperimentDefinition parse(JsonNode document) {
        List<ValidationMessage> errors = schema.validate(document).stream()
                .sorted(Comparator.comparing(m -> m.getInstanceLocation().toString()))
                .toList();
        if (!errors.isEmpty()) {
            ValidationMessage first = errors.get(0);
            throw new InvalidInputException(fieldOf(first), messageOf(first));
        }
        try {
            return json.treeToValue(document, ExperimentDefinition.class);
        } catch (IOException e) {
            throw new InvalidInputException("", "definition could not be read: " + e.getMessage());
        }
    }

    /** Checks the rules that depend on the stimulus set. */
    public void checkAgainst(ExperimentDefinition definition, SetFacts set) {
        Set<String> keys = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < definition.categories().size(); i++) {
            var category = definition.categories().get(i);
            if (!set.categories().contains(category.name())) {
                throw new InvalidInputException("categories[" + i + "].name",
                        "\"" + category.name() + "\" is not a category of stimulus set " + definition.stimulusSet()
                                + " (" + String.join(", ", set.categories()) + ")");
            }
            if (!names.add(category.name())) {
                throw new InvalidInputException("categories[" + i + "].name", "\"" + category.name() + "\" is listed twice");
            }
            if (category.key() != null && !keys.add(category.key())) {
                throw new InvalidInputException("categories[" + i + "].key", "key \"" + category.key() + "\" answers two categories");
            }
        }
        if (definition.hasMaskedTrials()) {
            checkMasked(definition, set);
        } else {
            checkClickmeOnly(definition);
        }
        if (definition.clickme() != null) {
            checkClickme(definition, set);
        }
    }

    private static void checkMasked(ExperimentDefinition definition, SetFacts set) {
        var manipulations = definition.conditions().manipulations();
        for (int i = 0; i < manipulations.size(); i++) {
            checkLevel(manipulations.get(i), "conditions.manipulations[" + i + "].level");
        }
        checkLevel(definition.practice().manipulation(), "practice.manipulation.level");
        int needed = definition.trialsPerParticipant() + definition.practice().trials();
        if (!definition.assignment().allowImageRepeats() && needed > set.imageCount()) {
            throw new InvalidInputException("trialsPerParticipant",
                    needed + " trials (practice included) need " + needed + " distinct images but stimulus set "
                            + definition.stimulusSet() + " has " + set.imageCount()
                            + "; use fewer trials or set assignment.allowImageRepeats");
        }
        if (definition.blocks().count() > definition.trialsPerParticipant()) {
            throw new InvalidInputException("blocks.count", "more blocks (" + definition.blocks().count()
                    + ") than trials (" + definition.trialsPerParticipant() + ")");
        }
    }

    /** A ClickMe-only experiment has no masked design; fields of one would silently do nothing. */
    private static void checkClickmeOnly(ExperimentDefinition definition) {
        if (definition.conditions() != null) {
            throw new InvalidInputException("conditions", "trialType clickme has no masked conditions; "
                    + "use trialType masked with a clickme section to mix both");
        }
        if (definition.trialsPerParticipant() != null) {
            throw new InvalidInputException("trialsPerParticipant", "trialType clickme counts clickme.rounds instead");
        }
        if (definition.practice().trials() != 0) {
            throw new InvalidInputException("practice.trials", "trialType clickme has no masked practice trials");
        }
    }

    private static void checkClickme(ExperimentDefinition definition, SetFacts set) {
        var clickme = definition.clickme();
        if (!definition.assignment().allowImageRepeats() && clickme.rounds() > set.imageCount()) {
            throw new InvalidInputException("clickme.rounds", clickme.rounds() + " rounds need as many distinct images "
                    + "but stimulus set " + definition.stimulusSet() + " has " + set.imageCount()
                    + "; use fewer rounds or set assignment.allowImageRepeats");
        }
        if (clickme.blocks() > clickme.rounds()) {
            throw new InvalidInputException("clickme.blocks", "more blocks (" + clickme.blocks()
                    + ") than rounds (" + clickme.rounds() + ")");
        }
        if (clickme.revealSize() > definition.display().size()) {
            throw new InvalidInputException("clickme.revealSize", "a revealed square (" + clickme.revealSize()
                    + " px) cannot be larger than the display (" + definition.display().size() + " px)");
        }
        if (clickme.partner().topK() > definition.categories().size()) {
            throw new InvalidInputException("clickme.partner.topK", "topK " + clickme.partner().topK()
                    + " exceeds the " + definition.categories().size() + " categories");
        }
    }

    private static void checkLevel(ExperimentDefinition.Manipulation manipulation, String field) {
        Double level = manipulation.level();
        switch (manipulation.name()) {
            case "none" -> {
                if (level != null) {
                    throw new InvalidInputException(field, "manipulation none takes no level");
                }
            }
            case "contrast" -> {
                if (level == null || level <= 0 || level > 1) {
                    throw new InvalidInputException(field, "contrast needs a level in (0, 1]");
                }
            }
            case "uniform-noise", "low-pass" -> {
                if (level == null) {
                    throw new InvalidInputException(field, manipulation.name() + " needs a level");
                }
            }
            default -> throw new InvalidInputException(field, "unknown manipulation " + manipulation.name());
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

    private static String messageOf(ValidationMessage message) {
        return message.getMessage().replaceFirst("^\\$[^:]*: ", "");
    }
}
