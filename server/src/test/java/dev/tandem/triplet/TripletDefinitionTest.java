package dev.tandem.triplet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.experiment.FieldError;
import dev.tandem.triplet.TripletDefinition.ImageSelection;
import dev.tandem.triplet.TripletDefinition.Presentation;
import dev.tandem.triplet.TripletDefinition.PresentationMode;
import dev.tandem.triplet.TripletDefinition.Response;
import dev.tandem.triplet.TripletDefinition.SetImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TripletDefinitionTest {

    /** Five images in two categories: C(5,3) = 10 triplets. */
    static final List<SetImage> SET = List.of(new SetImage("cat1", "cat"), new SetImage("cat2", "cat"),
            new SetImage("dog1", "dog"), new SetImage("dog2", "dog"), new SetImage("dog3", "dog"));

    static TripletDefinition valid() {
        return new TripletDefinition("pets", ImageSelection.all(), 8, Presentation.untilResponse(), Response.CLICK,
                0.25, 0.5, null);
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    @Test
    void aValidDefinitionHasNoErrors() {
        assertEquals(List.of(), valid().errors(SET));
        TripletDefinition timed = new TripletDefinition("pets", new ImageSelection(List.of("dog", "cat")), 10,
                Presentation.frames(12), Response.KEYS, 0.0, 0.0, null);
        assertEquals(List.of(), timed.errors(SET));
    }

    @Test
    void everyOutOfBoundsFieldIsNamed() {
        TripletDefinition bad = new TripletDefinition(" ", ImageSelection.all(), 0,
                new Presentation(PresentationMode.FRAMES, TripletDefinition.MAX_FRAMES + 1), null,
                TripletDefinition.MAX_CATCH_RATE + 0.01, -0.1, null);
        assertEquals(List.of("triplet.stimulusSet", "triplet.trialsPerParticipant", "triplet.presentation.frames",
                "triplet.response", "triplet.catchRate", "triplet.repeatShare"), fields(bad.errors(SET)));
    }

    @Test
    void theBoundsThemselvesAreAllowed() {
        TripletDefinition edge = new TripletDefinition("pets", ImageSelection.all(), 10,
                Presentation.frames(TripletDefinition.MIN_FRAMES), Response.KEYS, TripletDefinition.MAX_CATCH_RATE,
                TripletDefinition.MAX_REPEAT_SHARE, null);
        assertEquals(List.of(), edge.errors(SET));
    }

    @Test
    void aTimedPresentationNeedsItsFramesAndAnUntimedOneRefusesThem() {
        TripletDefinition noFrames = new TripletDefinition("pets", ImageSelection.all(), 8,
                new Presentation(PresentationMode.FRAMES, null), Response.CLICK, 0, 0, null);
        assertEquals(List.of("triplet.presentation.frames"), fields(noFrames.errors(SET)));
        TripletDefinition stray = new TripletDefinition("pets", ImageSelection.all(), 8,
                new Presentation(PresentationMode.UNTIL_RESPONSE, 5), Response.CLICK, 0, 0, null);
        assertEquals(List.of("triplet.presentation.frames"), fields(stray.errors(SET)));
    }

    @Test
    void anUnknownSubsetIsNamedByItsPlaceInTheList() {
        TripletDefinition bad = new TripletDefinition("pets", new ImageSelection(List.of("dog", "horse")), 1,
                Presentation.untilResponse(), Response.CLICK, 0, 0, null);
        List<FieldError> errors = bad.errors(SET);
        assertEquals(List.of("triplet.images[1]"), fields(errors));
        assertTrue(errors.get(0).message().contains("horse"));
    }

    @Test
    void subsetsSelectOnlyTheirImagesInTheSetsOrder() {
        TripletDefinition dogs = new TripletDefinition("pets", new ImageSelection(List.of("dog")), 1,
                Presentation.untilResponse(), Response.CLICK, 0, 0, null);
        assertEquals(List.of("dog1", "dog2", "dog3"), dogs.selectedImages(SET));
        assertEquals(5, valid().selectedImages(SET).size());
    }

    @Test
    void aSelectionOfFewerThanThreeImagesIsRefused() {
        TripletDefinition cats = new TripletDefinition("pets", new ImageSelection(List.of("cat")), 1,
                Presentation.untilResponse(), Response.CLICK, 0, 0, null);
        assertEquals(List.of("triplet.images"), fields(cats.errors(SET)));
    }

    @Test
    void aParticipantCannotNeedMoreDistinctTripletsThanExist() {
        // 5 images give 10 triplets: 11 trials without catch trials are too many
        TripletDefinition tooMany = new TripletDefinition("pets", ImageSelection.all(), 11,
                Presentation.untilResponse(), Response.CLICK, 0, 0, null);
        assertEquals(List.of("triplet.trialsPerParticipant"), fields(tooMany.errors(SET)));
        // 12 trials with a quarter catch trials need only 9 distinct triplets
        TripletDefinition withCatch = new TripletDefinition("pets", ImageSelection.all(), 12,
                Presentation.untilResponse(), Response.CLICK, 0.25, 0, null);
        assertEquals(3, withCatch.catchTrials());
        assertEquals(9, withCatch.mainTrials());
        assertEquals(List.of(), withCatch.errors(SET));
    }

    @Test
    void catchAndRepeatedCountsRoundHalfUp() {
        TripletDefinition d = new TripletDefinition("pets", ImageSelection.all(), 10, Presentation.untilResponse(),
                Response.CLICK, 0.15, 0.5, null);
        assertEquals(2, d.catchTrials()); // 1.5 rounds up
        assertEquals(8, d.mainTrials());
        assertEquals(4, d.repeatedTrials());
    }

    @Test
    void suppliedTripletsMustBeThreeDistinctSelectedImagesListedOnce() {
        List<List<String>> supplied = new ArrayList<>();
        supplied.add(List.of("cat1", "dog1", "dog2"));
        supplied.add(List.of("cat1", "dog1"));
        supplied.add(List.of("cat1", "cat1", "dog2"));
        supplied.add(List.of("cat1", "dog1", "fish"));
        supplied.add(List.of("dog2", "cat1", "dog1"));
        TripletDefinition d = new TripletDefinition("pets", ImageSelection.all(), 1, Presentation.untilResponse(),
                Response.CLICK, 0, 0, supplied);
        assertEquals(List.of("triplet.triplets[1]", "triplet.triplets[2]", "triplet.triplets[3][2]",
                "triplet.triplets[4]"), fields(d.errors(SET)));
    }

    @Test
    void aSuppliedListLimitsTheTripletsAParticipantCanGet() {
        TripletDefinition d = new TripletDefinition("pets", ImageSelection.all(), 2, Presentation.untilResponse(),
                Response.CLICK, 0, 0, List.of(List.of("cat1", "dog1", "dog2")));
        assertEquals(List.of("triplet.trialsPerParticipant"), fields(d.errors(SET)));
    }

    @Test
    void theJsonFormUsesTheNamesTheIssueGives() throws Exception {
        ObjectMapper json = new ObjectMapper();
        TripletDefinition d = json.readValue("""
                {"stimulusSet": "pets", "images": ["dog"], "trialsPerParticipant": 3,
                 "presentation": {"mode": "frames", "frames": 6}, "response": "keys",
                 "catchRate": 0.1, "repeatShare": 0.5, "triplets": [["dog1", "dog2", "dog3"]]}
                """, TripletDefinition.class);
        assertEquals(new TripletDefinition("pets", new ImageSelection(List.of("dog")), 3, Presentation.frames(6),
                Response.KEYS, 0.1, 0.5, List.of(List.of("dog1", "dog2", "dog3"))), d);
        TripletDefinition all = json.readValue("""
                {"stimulusSet": "pets", "images": "all", "trialsPerParticipant": 8,
                 "presentation": {"mode": "untilResponse"}, "response": "click", "catchRate": 0.25, "repeatShare": 0.5}
                """, TripletDefinition.class);
        assertEquals(valid(), all);
        assertEquals(all, json.readValue(json.writeValueAsString(all), TripletDefinition.class));
        assertTrue(json.writeValueAsString(all).contains("\"images\":\"all\""));
    }

    @Test
    void imagesMustBeAllOrAListOfNames() {
        ObjectMapper json = new ObjectMapper();
        org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> json.readValue("""
                {"stimulusSet": "pets", "images": "some", "trialsPerParticipant": 8,
                 "presentation": {"mode": "untilResponse"}, "response": "click", "catchRate": 0, "repeatShare": 0}
                """, TripletDefinition.class));
    }
}
