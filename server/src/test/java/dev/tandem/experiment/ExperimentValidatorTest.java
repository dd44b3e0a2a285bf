package dev.tandem.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.RepositoryFiles;
import dev.tandem.common.InvalidInputException;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ExperimentValidatorTest {

    private static final ObjectMapper json = new ObjectMapper();
    private static final ExperimentValidator validator = new ExperimentValidator(json);
    private static final ExperimentValidator.SetFacts fashion = new ExperimentValidator.SetFacts(List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"), 300);

    private static ObjectNode demo() throws IOException {
        return (ObjectNode) json.readTree(RepositoryFiles.stimuli().resolve("fashion-mnist/experiments/masked-demo.json").toFile());
    }

    private static InvalidInputException refused(Consumer<ObjectNode> change) throws IOException {
        ObjectNode document = demo();
        change.accept(document);
        return assertThrows(InvalidInputException.class, () -> validator.checkAgainst(validator.parse(document), fashion));
    }

    @Test
    void theDemoDefinitionIsValidAndGetsDefaults() throws IOException {
        ExperimentDefinition definition = validator.parse(demo());
        validator.checkAgainst(definition, fashion);
        assertEquals(70, definition.totalTrials());
        assertEquals(267, definition.practiceDurationMs());
        assertEquals(10, definition.conditions().cells().size());
    }

    @Test
    void aMissingRequiredFieldIsNamed() throws IOException {
        assertEquals("slug", refused(d -> d.remove("slug")).field());
        assertEquals("conditions.durationsMs", refused(d -> ((ObjectNode) d.get("conditions")).remove("durationsMs")).field());
    }

    @Test
    void aBadValueDeepInsideIsNamedByItsPath() throws IOException {
        var e = refused(d -> ((ArrayNode) d.get("conditions").get("durationsMs")).set(2, 0));
        assertEquals("conditions.durationsMs[2]", e.field());
        assertEquals("categories[3].key", refused(d -> ((ObjectNode) d.get("categories").get(3)).put("key", "ab")).field());
        assertEquals("trialType", refused(d -> d.put("trialType", "rsvp")).field());
    }

    @Test
    void formErrorsSayInWordsWhatTheFieldNeedsWithoutRegularExpressions() throws IOException {
        var slug = refused(d -> d.put("slug", "Bad Slug!"));
        assertEquals("slug", slug.field());
        assertEquals("must be 2 to 63 lower-case letters, digits and hyphens, starting with a letter or digit", slug.getMessage());
        var redirect = refused(d -> ((ObjectNode) d.get("completion")).put("screenOutRedirectUrl", "http://x"));
        assertEquals("completion.screenOutRedirectUrl", redirect.field());
        assertEquals("must be an https:// address", redirect.getMessage());
        assertEquals("must be a whole number, not text", refused(d -> d.put("trialsPerParticipant", "ten")).getMessage());
        assertEquals("texts.nonsense", refused(d -> d.putObject("texts").put("nonsense", "x")).field());
        assertEquals("must be one of en, de", refused(d -> d.put("language", "fr")).getMessage());
    }

    @Test
    void anUnknownFieldIsRefusedByName() throws IOException {
        assertEquals("timing.stimulusMs", refused(d -> ((ObjectNode) d.get("timing")).put("stimulusMs", 5)).field());
    }

    @Test
    void categoriesMustBelongToTheStimulusSetAndKeysMustBeUnique() throws IOException {
        var unknown = refused(d -> ((ObjectNode) d.get("categories").get(0)).put("name", "Hat"));
        assertEquals("categories[0].name", unknown.field());
        assertTrue(unknown.getMessage().contains("Hat"));
        assertEquals("categories[1].key", refused(d -> ((ObjectNode) d.get("categories").get(1)).put("key", "0")).field());
    }

    @Test
    void moreTrialsThanImagesNeedsRepeatsToBeAllowed() throws IOException {
        assertEquals("trialsPerParticipant", refused(d -> d.put("trialsPerParticipant", 295)).field());
        ObjectNode document = demo();
        document.put("trialsPerParticipant", 295);
        ((ObjectNode) document.get("assignment")).put("allowImageRepeats", true);
        validator.checkAgainst(validator.parse(document), fashion);
    }

    @Test
    void manipulationLevelsAreChecked() throws IOException {
        assertEquals("conditions.manipulations[1].level",
                refused(d -> ((ObjectNode) d.get("conditions").get("manipulations").get(1)).remove("level")).field());
        assertEquals("conditions.manipulations[0].level",
                refused(d -> ((ObjectNode) d.get("conditions").get("manipulations").get(0))
                        .put("name", "contrast").put("level", 1.5)).field());
    }

    @Test
    void redirectsMustUseHttps() throws IOException {
        assertEquals("completion.redirectUrl",
                refused(d -> ((ObjectNode) d.get("completion")).put("redirectUrl", "javascript:alert(1)")).field());
    }

    /**
     * Issue 10: the schema's manipulation items come from ManipulationKind, so what the schema
     * (the console editor's check) accepts is exactly what the renderer accepts.
     */
    @Test
    void theSchemaAndTheRendererAgreeOnEveryManipulationLevel() throws IOException {
        Double[] levels = {null, -1.0, 0.0, 0.05, 0.3, 1.0, 1.5, 45.0, 90.0, 100.0, 180.0, 181.0, 270.0};
        for (var kind : dev.tandem.stimulus.ManipulationKind.values()) {
            for (Double level : levels) {
                ObjectNode document = demo();
                ObjectNode manipulation = json.createObjectNode().put("name", kind.jsonName());
                if (level != null) {
                    manipulation.put("level", level);
                }
                ((com.fasterxml.jackson.databind.node.ArrayNode) document.at("/conditions/manipulations")).set(1, manipulation);
                boolean schemaAccepts = validator.formErrors(document).isEmpty();
                boolean rendererAccepts = kind.checkLevel(level) == null;
                assertEquals(rendererAccepts, schemaAccepts, kind.jsonName() + " level " + level + ": "
                        + validator.formErrors(document));
                if (schemaAccepts) {
                    validator.checkAgainst(validator.parse(document), fashion);
                }
            }
        }
    }

    @Test
    void aRenderSizeLargerThanTheDisplayOrAnUnknownFitIsNamed() throws IOException {
        assertEquals("display.renderSize", refused(d -> ((ObjectNode) d.get("display")).put("renderSize", 448)).field());
        ObjectNode document = demo();
        ((ObjectNode) document.get("display")).put("fit", "stretch");
        assertEquals("display.fit", validator.formErrors(document).get(0).field());
    }

    /** A version stored before issue 10 hashes as it did, so loading its file again adds no version. */
    @Test
    void aDefinitionWithoutTheNewDisplayFieldsIsStoredWithoutThem() throws IOException {
        ObjectNode document = demo();
        document.set("display", json.readTree("{\"size\": 224, \"upscale\": \"nearest\"}"));
        String stored = new ExperimentRepository(json).write(validator.parse(document));
        assertTrue(stored.contains("\"display\":{\"size\":224,\"upscale\":\"nearest\"}"), stored);
    }
}
