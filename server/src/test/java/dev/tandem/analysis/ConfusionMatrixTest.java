package dev.tandem.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConfusionMatrixTest {

    private int counter;

    private ObservedTrial trial(String category, String response) {
        return new ObservedTrial("h1", ObserverKind.HUMAN, "humans", "a", category + "-" + response + "-" + (counter++),
                category, response, null, null);
    }

    @Test
    void countsEachTrueCategoryByResponseWithTimeoutsInTheLastColumn() {
        ConfusionMatrix matrix = ConfusionMatrix.of(List.of(
                trial("cat", "cat"), trial("cat", "dog"), trial("cat", "dog"),
                trial("dog", "dog"), trial("dog", null), trial("dog", "na")));
        assertEquals(List.of("cat", "dog"), matrix.categories());
        assertEquals(List.of("cat", "dog", ConfusionMatrix.NO_RESPONSE), matrix.responses());
        assertEquals(1, matrix.count("cat", "cat"));
        assertEquals(2, matrix.count("cat", "dog"));
        assertEquals(1, matrix.count("dog", "dog"));
        assertEquals(2, matrix.count("dog", null), "a timeout and an 'na' are both no response");
        assertEquals(0, matrix.count("bird", "cat"));
    }

    @Test
    void noTrialsGiveAnEmptyMatrix() {
        ConfusionMatrix matrix = ConfusionMatrix.of(List.of());
        assertEquals(List.of(), matrix.categories());
        assertEquals(0, matrix.counts().length);
    }
}
