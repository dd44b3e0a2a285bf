package dev.tandem.clickme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.model.Classifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportanceMapsTest {

    @Test
    void aCountMapCountsTheRevealsOverEachPixel() {
        var map = ImportanceMap.counts(6, 6, List.of(new Reveal(1, 1, 2, 0), new Reveal(1, 1, 2, 5), new Reveal(5, 5, 4, 9)));
        assertEquals(2, map.values()[0]);
        assertEquals(2, map.values()[6 + 1]);
        assertEquals(0, map.values()[2]);
        assertEquals(1, map.values()[35]);
        assertEquals(1, map.values()[3 * 6 + 3]);
    }

    @Test
    void theHumanMapAveragesParticipantsBlursAndPeaksAtOneWhereMostRevealed() {
        var a = ImportanceMap.counts(20, 20, List.of(new Reveal(5, 5, 3, 0)));
        var b = ImportanceMap.counts(20, 20, List.of(new Reveal(5, 5, 3, 0), new Reveal(15, 15, 3, 0)));
        var human = ImportanceMap.human(List.of(a, b), 1.5);
        assertEquals(5 * 20 + 5, human.peak());
        assertEquals(1.0, human.values()[human.peak()], 1e-12);
        assertTrue(human.values()[15 * 20 + 15] > 0.3 && human.values()[15 * 20 + 15] < 0.7);
        assertTrue(human.values()[5 * 20 + 8] > 0, "the blur spreads beyond the square");
    }

    @Test
    void blurringKeepsTheTotal() {
        var map = ImportanceMap.counts(16, 16, List.of(new Reveal(8, 8, 4, 0)));
        double before = java.util.Arrays.stream(map.values()).sum();
        double after = java.util.Arrays.stream(map.blurred(2).values()).sum();
        assertEquals(before, after, 1e-9);
    }

    @Test
    void spearmanGivesTiedValuesTheirAverageRank() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, dev.tandem.analysis.RankCorrelation.ranks(new double[] {1, 2, 2, 3}));
        // scipy.stats.spearmanr([1, 2, 2, 3], [1, 3, 2, 4]) = 0.9486832980505138
        assertEquals(0.9486832980505138, Alignment.spearman(new double[] {1, 2, 2, 3}, new double[] {1, 3, 2, 4}), 1e-12);
        assertEquals(-1, Alignment.spearman(new double[] {1, 2, 3}, new double[] {9, 4, 1}), 1e-12);
    }

    @Test
    void topTenPercentOverlapIsOneForTheSameMapAndZeroForDisjointPeaks() {
        double[] a = new double[100];
        double[] b = new double[100];
        for (int i = 0; i < 10; i++) {
            a[i] = 1;
            b[99 - i] = 1;
        }
        assertEquals(new Alignment.Overlap(1, 1), Alignment.topOverlap(a, a, 0.1));
        assertEquals(new Alignment.Overlap(0, 0), Alignment.topOverlap(a, b, 0.1));
    }

    @Test
    void theSplitHalfCeilingIsHighWhenParticipantsAgreeAndLowWhenTheyDoNot() {
        List<ImportanceMap> agreeing = new ArrayList<>();
        List<ImportanceMap> random = new ArrayList<>();
        var rng = new java.util.Random(3);
        for (int p = 0; p < 12; p++) {
            agreeing.add(ImportanceMap.counts(24, 24, List.of(new Reveal(6 + rng.nextInt(3), 6 + rng.nextInt(3), 5, 0))));
            random.add(ImportanceMap.counts(24, 24, List.of(new Reveal(rng.nextInt(24), rng.nextInt(24), 5, 0))));
        }
        double high = Alignment.splitHalfCeiling(agreeing, 2, 20, 1).splitHalf();
        double low = Alignment.splitHalfCeiling(random, 2, 20, 1).splitHalf();
        assertTrue(high > 0.8, "agreeing participants: " + high);
        assertTrue(low < high - 0.3, "random participants: " + low);
    }

    /** A model that looks only at the top-left 8 × 8 corner: P(target) = its mean brightness. */
    private static final ModelMaps.Model CORNER_MODEL = pngs -> pngs.stream().map(png -> {
        var grey = StimulusPixels.decode(png);
        double sum = 0;
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                sum += grey.values()[y * grey.width() + x] & 255;
            }
        }
        double p = sum / 64 / 255;
        return new Classifier.Prediction(Map.of("target", p, "other", 1 - p), List.of(0), p > 0.5 ? "target" : "other");
    }).toList();

    private static StimulusPixels.Grey white(int side) {
        byte[] values = new byte[side * side];
        java.util.Arrays.fill(values, (byte) 255);
        return new StimulusPixels.Grey(side, side, values);
    }

    private static final MapMethod.Baseline MID_GREY = new MapMethod.Baseline.Grey(128);

    private static StimulusPixels.Shown shown(StimulusPixels.Grey grey) {
        return new StimulusPixels.Shown(grey.width(), grey.height(), 1, grey.values());
    }

    @Test
    void occlusionPeaksWhereTheModelLooks() {
        // a white image's mean is white, so the default baseline would hide nothing: fill with mid-grey
        var map = ModelMaps.occlusion(shown(white(32)), "target", CORNER_MODEL, 8, 4, MID_GREY);
        int peak = map.peak();
        assertTrue(peak % 32 < 8 && peak / 32 < 8, "peak at " + peak % 32 + "," + peak / 32);
        assertEquals(0, map.values()[31 * 32 + 31], 1e-12, "occluding the far corner changes nothing");
    }

    @Test
    void risePeaksWhereTheModelLooks() {
        // N = 2000, s = 4, p = 0.5; single pixels are noisy, so compare the 16 blocks of 8 × 8.
        var map = ModelMaps.rise(shown(white(32)), "target", CORNER_MODEL, 2000, 4, 0.5, 7, MID_GREY);
        double[] blocks = new double[16];
        for (int i = 0; i < 32 * 32; i++) {
            blocks[(i / 32 / 8) * 4 + (i % 32) / 8] += map.values()[i] / 64;
        }
        for (int b = 1; b < 16; b++) {
            assertTrue(blocks[0] > blocks[b], "corner block " + blocks[0] + " vs block " + b + " " + blocks[b]);
        }
        assertTrue(blocks[0] > 1.05 * blocks[15], "corner " + blocks[0] + " vs far " + blocks[15]);
    }

    /** A model that sees colour: the share of pure red in the top-left 8 × 8 corner. */
    private static final ModelMaps.Model RED_CORNER_MODEL = pngs -> pngs.stream().map(png -> {
        var shown = StimulusPixels.decodeShown(png);
        assertEquals(3, shown.channels(), "the model is given the colour stimulus");
        double red = 0;
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                int i = 3 * (y * shown.width() + x);
                red += (shown.values()[i] & 255) == 255 && shown.values()[i + 1] == 0 ? 1 : 0;
            }
        }
        double p = red / 64;
        return new Classifier.Prediction(Map.of("target", p, "other", 1 - p), List.of(0), p > 0.5 ? "target" : "other");
    }).toList();

    @Test
    void occlusionOfAColourStimulusGreysEveryChannelOfThePatch() {
        byte[] rgb = new byte[3 * 32 * 32];
        for (int i = 0; i < 32 * 32; i++) {
            rgb[3 * i] = (byte) 255; // pure red
        }
        var map = ModelMaps.occlusion(new StimulusPixels.Shown(32, 32, 3, rgb), "target", RED_CORNER_MODEL, 8, 4,
                MID_GREY);
        int peak = map.peak();
        assertTrue(peak % 32 < 8 && peak / 32 < 8, "peak at " + peak % 32 + "," + peak / 32);
        assertEquals(0, map.values()[31 * 32 + 31], 1e-12, "occluding the far corner changes nothing");
    }
}
