package dev.tandem.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.common.InvalidInputException;
import dev.tandem.stimulus.StimulusService;
import dev.tandem.stimulus.StimulusSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every error of a definition at once, for the console's editor (loading stops at the first):
 * its form against the JSON Schema, whether its stimulus set was imported, and, once its form is
 * valid, the rules that depend on that set. The rules are {@link ExperimentValidator}'s, so a
 * definition with no errors here is one {@link ExperimentService#load} accepts.
 */
public final class DefinitionCheck {

    private final ExperimentValidator validator;
    private final StimulusService stimuli;
    private final PartnerModels partners;

    public DefinitionCheck(ObjectMapper json, StimulusService stimuli, PartnerModels partners) {
        this.validator = new ExperimentValidator(json);
        this.stimuli = stimuli;
        this.partners = partners;
    }

    /** The errors of {@code document}, form errors first (ordered by field path); empty when it is valid. */
    /** The JSON Schema a definition is checked against, its manipulations filled from their one definition. */
    public JsonNode schema() {
        return validator.schema();
    }

    public List<FieldError> errors(JsonNode document) {
        if (document == null || !document.isObject()) {
            return List.of(new FieldError("", "a definition is a JSON object"));
        }
        List<FieldError> errors = new ArrayList<>(validator.formErrors(document));
        JsonNode setName = document.get("stimulusSet");
        Optional<StimulusSet> set = Optional.empty();
        if (setName != null && setName.isTextual() && !setName.asText().isEmpty()) {
            set = stimuli.find(setName.asText());
            if (set.isEmpty()) {
                errors.add(ExperimentValidator.unknownStimulusSet(setName.asText()));
            }
        }
        if (!errors.isEmpty() || set.isEmpty()) {
            // The set's rules read a well-formed definition; they follow once the form is right.
            return errors;
        }
        try {
            ExperimentDefinition definition = validator.parse(document);
            List<FieldError> rules = new ArrayList<>(validator.ruleErrors(definition, ExperimentValidator.SetFacts.of(
                    set.get().manifest().categories(), stimuli.images(set.get().id()))));
            ExperimentService.partnerError(definition, partners).ifPresent(rules::add);
            return rules;
        } catch (InvalidInputException e) {
            return List.of(new FieldError(e.field(), e.getMessage()));
        }
    }
}
