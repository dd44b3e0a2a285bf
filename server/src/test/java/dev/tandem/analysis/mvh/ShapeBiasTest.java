package dev.tandem.analysis.mvh;

import dev.tandem.analysis.ObservedTrial;
import dev.tandem.analysis.ObserverKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShapeBiasTest {

    private static ObservedTrial trial(String observer, String image, String shape, String response) {
        ObserverKind kind = observer.startsWith("subject-") ? ObserverKind.HUMAN : ObserverKind.MODEL;
        return new ObservedTrial(observer, kind, observer, "all", MvhImageId.of(image), shape, response, null, null);
    }

    @Test
    void theTextureCategoryComesFromTheFileNameSuffix() {
        assertEquals("bird", ShapeBias.textureCategory("0002_s5n_s01_0_dog_00_dog10-bird2.png"));
        assertEquals("clock", ShapeBias.textureCategory("bird2-clock3.png"));
    }

    @Test
    void shapeBiasCountsOnlyShapeAndTextureDecisionsOnConflictingImages() {
        List<ObservedTrial> trials = List.of(
                trial("m", "dog10-bird2.png", "dog", "dog"),       // shape
                trial("m", "cat1-clock2.png", "cat", "clock"),     // texture
                trial("m", "cat2-boat1.png", "cat", "boat"),       // texture
                trial("m", "car1-bear1.png", "car", "knife"),      // neither: not counted
                trial("m", "bird3-bird2.png", "bird", "bird"));    // no conflict: left out
        ShapeBias bias = ShapeBias.of(trials).get(0);
        assertEquals(4, bias.conflictTrials());
        assertEquals(1, bias.shapeDecisions());
        assertEquals(2, bias.textureDecisions());
        assertEquals(1.0 / 3, bias.shapeBias(), 1e-12);
    }

    @Test
    void humansArePooledIntoOneMoreRow() {
        List<ShapeBias> biases = ShapeBias.of(List.of(
                trial("subject-01", "dog10-bird2.png", "dog", "dog"),
                trial("subject-02", "dog10-bird2.png", "dog", "bird")));
        assertEquals(List.of("subject-01", "subject-02", "humans"), biases.stream().map(ShapeBias::observer).toList());
        assertEquals(0.5, biases.get(2).shapeBias());
    }

    @Test
    void anObserverWhoNeverChoseShapeOrTextureHasNoShapeBias() {
        ShapeBias bias = ShapeBias.of(List.of(trial("m", "dog10-bird2.png", "dog", "car"))).get(0);
        assertTrue(Double.isNaN(bias.shapeBias()));
    }
}
