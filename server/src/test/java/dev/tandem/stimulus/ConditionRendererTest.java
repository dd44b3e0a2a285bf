package dev.tandem.stimulus;

import dev.tandem.common.Hashes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionRendererTest {

    private static final int SIZE = 224;

    private static GrayImage rendered(Condition condition, Upscale upscale) {
        long seed = Recipe.noiseSeed("00".repeat(32), condition, SIZE);
        return TestImages.decodePng(ConditionRenderer.renderPng(TestImages.tShirt(), condition, SIZE, upscale, seed));
    }

    @Test
    void everyConditionRendersToTheSameBytesEveryTime() {
        // Pinned: a change in any of these changes the hashes of stored stimuli.
        Map<Condition, String> golden = Map.of(
                Condition.NONE, "aa791e04279def68713eebed44a128c198b379cb20a5bf074df5cccfd01357ce",
                new Condition("contrast", 0.1), "51a5669e8838edc2bd892485a7d7602fbfa934f46f16923646fba4742b3fc811",
                new Condition("uniform-noise", 0.35), "cc401d9f7a91df9e5a6167b6049144c915b289db263c6a8e41bc23683030061c",
                new Condition("low-pass", 3.0), "72cdec80e809a0a08b1241777fc61892ee64ca2fae8519d4dd036dc8a8f73818");
        golden.forEach((condition, sha256) -> {
            byte[] first = ConditionRenderer.renderPng(TestImages.tShirt(), condition, SIZE, Upscale.NEAREST, 99);
            byte[] second = ConditionRenderer.renderPng(TestImages.tShirt(), condition, SIZE, Upscale.NEAREST, 99);
            assertArrayEquals(first, second, condition.toString());
            assertEquals(sha256, Hashes.sha256Hex(first), condition.toString());
        });
    }

    @Test
    void nearestUpscalingRepeatsEachSourcePixelInAnEightByEightBlock() {
        GrayImage source = TestImages.tShirt();
        GrayImage shown = rendered(Condition.NONE, Upscale.NEAREST);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                assertEquals(source.at(x / 8, y / 8), shown.at(x, y), 1e-12);
            }
        }
    }

    @Test
    void bilinearUpscalingKeepsTheMeanButSoftensEdges() {
        GrayImage nearest = rendered(Condition.NONE, Upscale.NEAREST);
        GrayImage bilinear = rendered(Condition.NONE, Upscale.BILINEAR);
        assertEquals(TestImages.mean(nearest.pixels()), TestImages.mean(bilinear.pixels()), 0.01);
        assertTrue(TestImages.highFrequencyShare(bilinear, 28) < TestImages.highFrequencyShare(nearest, 28) / 2);
    }

    @Test
    void contrastScalesTheStandardDeviationByItsLevelAroundMidGrey() {
        double original = TestImages.std(rendered(Condition.NONE, Upscale.NEAREST).pixels());
        for (double level : new double[] {0.5, 0.1, 0.05}) {
            GrayImage reduced = rendered(new Condition("contrast", level), Upscale.NEAREST);
            // quantization to 1/255 leaves at most half a step of error per pixel
            assertEquals(level * original, TestImages.std(reduced.pixels()), 0.5 / 255 + 1e-9);
        }
    }

    @Test
    void uniformNoiseStaysWithinItsWidthOfTheThirtyPercentContrastImage() {
        GrayImage base = Manipulations.reduceContrast(rendered(Condition.NONE, Upscale.NEAREST), 0.3);
        double width = 0.2;
        GrayImage noisy = rendered(new Condition("uniform-noise", width), Upscale.NEAREST);
        double sumAbs = 0;
        for (int i = 0; i < base.pixels().length; i++) {
            double difference = noisy.pixels()[i] - base.pixels()[i];
            assertTrue(Math.abs(difference) <= width + 1.0 / 255, "pixel " + i + " moved by " + difference);
            sumAbs += Math.abs(difference);
        }
        // |U(−w, w)| has mean w/2
        assertEquals(width / 2, sumAbs / base.pixels().length, 0.005);
    }

    @Test
    void strongUniformNoiseIsClippedToTheGreyRange() {
        GrayImage noisy = ConditionRenderer.render(TestImages.tShirt(), new Condition("uniform-noise", 0.9), SIZE,
                Upscale.NEAREST, 5);
        assertTrue(Arrays.stream(noisy.pixels()).allMatch(p -> p >= 0 && p <= 1));
        assertTrue(Arrays.stream(noisy.pixels()).anyMatch(p -> p == 0));
        assertTrue(Arrays.stream(noisy.pixels()).anyMatch(p -> p == 1));
    }

    @Test
    void theNoiseDependsOnTheSeedAndTheSeedOnTheRecipe() {
        Condition noise = new Condition("uniform-noise", 0.2);
        GrayImage source = TestImages.tShirt();
        assertFalse(Arrays.equals(ConditionRenderer.renderPng(source, noise, SIZE, Upscale.NEAREST, 1),
                ConditionRenderer.renderPng(source, noise, SIZE, Upscale.NEAREST, 2)));
        String sha = "ab".repeat(32);
        assertEquals(Recipe.noiseSeed(sha, noise, SIZE), Recipe.noiseSeed(sha, new Condition("uniform-noise", 0.20), SIZE));
        assertTrue(Recipe.noiseSeed(sha, noise, SIZE) != Recipe.noiseSeed(sha, new Condition("uniform-noise", 0.4), SIZE));
    }

    @Test
    void lowPassRemovesHighFrequencyEnergyAndKeepsTheMean() {
        GrayImage sharp = rendered(Condition.NONE, Upscale.NEAREST);
        double previous = TestImages.highFrequencyShare(sharp, 14);
        for (double sigma : new double[] {1, 3, 9}) {
            GrayImage blurred = rendered(new Condition("low-pass", sigma), Upscale.NEAREST);
            double share = TestImages.highFrequencyShare(blurred, 14);
            assertTrue(share < previous, "σ = " + sigma + " leaves " + share + " of the energy above 14 c/img");
            assertEquals(TestImages.mean(sharp.pixels()), TestImages.mean(blurred.pixels()), 0.5 / 255);
            previous = share;
        }
    }

    @Test
    void lowPassBordersReflectTheImageAboutItsEdge() {
        assertEquals(0, GaussianLowPass.reflect(-1, 5));
        assertEquals(1, GaussianLowPass.reflect(-2, 5));
        assertEquals(4, GaussianLowPass.reflect(5, 5));
        assertEquals(3, GaussianLowPass.reflect(6, 5));
        assertEquals(0, GaussianLowPass.reflect(10, 5));
        // a constant image stays constant, whatever σ
        GrayImage flat = new GrayImage(8, 8, new double[64]);
        Arrays.fill(flat.pixels(), 0.4);
        GrayImage blurred = new GaussianLowPass().apply(flat, 20.0, 0);
        assertTrue(Arrays.stream(blurred.pixels()).allMatch(p -> Math.abs(p - 0.4) < 1e-12));
    }

    @Test
    void unknownManipulationsAndBadLevelsAreRefusedNamingTheField() {
        var unknown = assertThrows(StimulusSetException.class, () -> ConditionRenderer.manipulation(
                new Condition("rotate", 90.0)));
        assertEquals("manipulation", unknown.field());
        for (Condition bad : new Condition[] {new Condition("contrast", 0.0), new Condition("contrast", 1.5),
                new Condition("contrast", null), new Condition("none", 0.5), new Condition("uniform-noise", -0.1),
                new Condition("low-pass", 0.0)}) {
            var error = assertThrows(StimulusSetException.class, () -> ConditionRenderer.manipulation(bad));
            assertEquals("level", error.field(), bad.toString());
        }
    }
}
